"""Where a page's time goes, on a benchmark database: `python -m bench.profile big
[--pages dashboard,queue] [--repeat 3] [--explain 2] [--cold]`.

Runs each page through Django's test client under the production settings (DEBUG off), with
cProfile and every SQL query timed; prints per request the total, the SQL share, the slowest
queries, the functions that take the time, and with --explain the `EXPLAIN (ANALYZE,
BUFFERS)` plans of the slowest queries. With --cold, the signed-in user's kept pages
(curriculum.kept_pages) are dropped before each request: what a page costs when it is made
again after the learner's own change, its queries included. Times are wall-clock: profile on
a quiet machine. Run `make bench` once first (it seeds the databases and collects the static
files the production settings need).
"""

import argparse
import cProfile
import os
import re
import sys
import time
from collections import defaultdict

# Cumulative time is listed for our code and the entry points of the libraries pages lean on
# (the template engine's recursion would only repeat the page's total); own time for all.
ENTRY_POINTS = re.compile(
    r"/(roadmap|accounts|curriculum|portfolio)/|django/(template/(loader|defaultfilters)|forms/"
    r"(boundfield|widgets)|db/models/sql/compiler)|markdown/core|nh3"
)


def _settings(kind: str) -> None:
    from bench.prepare import database_url
    from bench.server import environment

    os.environ.update(environment(database_url(kind)))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap.settings")
    import django

    django.setup()


def _request(page, client):
    headers = {"HTTP_COOKIE": page.cookie} if page.cookie else {}
    if page.method == "POST":
        headers |= {"HTTP_HX_REQUEST": "true", "HTTP_X_CSRFTOKEN": page.env["BENCH_CSRF"]}
        return client.post(page.path, {"done": "1"}, **headers)
    return client.get(page.path, **headers)


def _functions(profile: cProfile.Profile, repeat: int, top: int, *, own: bool) -> list[str]:
    rows = []
    for (path, line, name), (_cc, calls, own_time, total, _callers) in profile.stats.items():
        if own or ENTRY_POINTS.search(path):
            short = re.sub(r".*/(site-packages|lib/python3[.0-9]*|wt/[^/]+)/", "", path)
            rows.append((own_time if own else total, calls, f"{short}:{line} {name}"))
    rows.sort(reverse=True)
    return [
        f"    {seconds * 1000 / repeat:8.1f} ms  {calls // repeat:7} calls  {where}"
        for seconds, calls, where in rows[:top]
    ]


def _explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join("      " + row[0] for row in cursor.fetchall())


def profile_page(page, *, repeat: int, top: int, explain: int, cold: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from curriculum import kept_pages

    client = Client()
    _request(page, client)  # warm-up: templates compiled, PostgreSQL's cache filled
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        profiler.enable()
        for _ in range(repeat):
            if cold:
                kept_pages.pages.clear()
            response = _request(page, client)
        profiler.disable()
        elapsed = (time.perf_counter() - started) / repeat
    assert response.status_code == 200, f"{page.name} answered {response.status_code}"
    by_sql = defaultdict(float)
    for query in queries.captured_queries:
        by_sql[query["sql"]] += float(query["time"]) / repeat
    print(
        f"\n== {page.name} ({page.method} {page.path}): {elapsed * 1000:.0f} ms per request, "
        f"SQL {sum(by_sql.values()) * 1000:.0f} ms in {len(queries) // repeat} queries, "
        f"{len(response.content) // 1024} KB of HTML"
    )
    print("  slowest queries (ms per request):")
    slowest = sorted(((seconds, sql) for sql, seconds in by_sql.items()), reverse=True)
    for seconds, sql in slowest[:5]:
        print(f"    {seconds * 1000:8.1f}  {sql[:300]}")
    profiler.create_stats()
    print("  where the time goes (cProfile, cumulative ms per request, entry points):")
    print("\n".join(_functions(profiler, repeat, top, own=False)))
    print("  own time (ms per request):")
    print("\n".join(_functions(profiler, repeat, top, own=True)))
    for seconds, sql in slowest[:explain]:
        if sql.lstrip(" (").upper().startswith("SELECT"):
            print(f"  EXPLAIN (ANALYZE, BUFFERS) of the {seconds * 1000:.0f} ms query:")
            print(f"      {sql}")
            print(_explain(sql))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["small", "big"])
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=25, help="functions to list per page")
    parser.add_argument("--explain", type=int, default=0, help="plans of the N slowest queries")
    parser.add_argument("--cold", action="store_true", help="make kept pages on every request")
    args = parser.parse_args(argv)
    _settings(args.kind)
    from bench.targets import pages

    wanted = set(args.pages.split(",")) if args.pages else None
    for page in pages():
        if wanted is None or page.name in wanted:
            profile_page(
                page, repeat=args.repeat, top=args.top, explain=args.explain, cold=args.cold
            )


if __name__ == "__main__":
    sys.exit(main())
