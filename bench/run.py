"""`make bench`: prepare the small and the big database, serve each in turn with the production
server, measure every page against /healthz with wrk, and print the table.

    python -m bench.run [--quick] [--pages dashboard,queue] [--databases big] [--port 8100]

Logs, the pages requested and the raw figures go to .bench/ (not committed).
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict

from bench import report
from bench.prepare import BIG, SMALL, database_url
from bench.server import BIN, ROOT, collectstatic, environment, is_real_page, request, serve
from bench.wrk import CONNECTIONS, ensure_wrk, measure
from scripts.servers import free_port

OUT = ROOT / ".bench"
SLICES = {  # rounds of (page slice, healthz slice), seconds per page slice, per healthz slice
    "full": (3, 4, 2),
    "quick": (2, 2, 1),
}


def _arguments(argv):
    parser = argparse.ArgumentParser(description="Measure Roadmap's pages against /healthz.")
    parser.add_argument("--quick", action="store_true", help="shorter slices: half the time")
    parser.add_argument("--pages", help="comma-separated page names (default: all); see below")
    parser.add_argument("--databases", default=f"{SMALL},{BIG}", help="small, big or both")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the big crowd")
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BENCH_PORT", "8100")),
        help="the first port to try (the first free one of the next 100 is used)",
    )
    parser.epilog = "pages: home track track-in project project-in dashboard skills search "
    parser.epilog += "queue review portfolio tick floor-get floor-post floor-tick"
    return parser.parse_args(argv)


def _prepare(kind: str, scale: float) -> list[dict]:
    pages_file = OUT / f"pages-{kind}.json"
    command = [BIN / "python", "-m", "bench.prepare", kind, f"--scale={scale}"]
    command.append(f"--pages={pages_file}")
    subprocess.run(command, cwd=ROOT, env=environment(database_url(kind)), check=True)
    return json.loads(pages_file.read_text())


def _select(pages: list[dict], wanted: str | None) -> list[dict]:
    if not wanted:
        return pages
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    known = {page["name"] for page in pages}
    unknown = [name for name in names if name not in known]
    if unknown:
        sys.exit(f"Unknown page(s) {', '.join(unknown)}. Pages: {' '.join(sorted(known))}")
    return [page for page in pages if page["name"] in names]


def _check(base: str, kind: str, page: dict) -> float:
    """One request first: the benchmark must measure the page, not a login redirect or an
    error page. Returns how long it took (seconds)."""
    headers = {"Cookie": page["cookie"]} if page["cookie"] else {}
    if page["method"] == "POST":
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "X-CSRFToken": page["env"]["BENCH_CSRF"],
        }
        for done in ("1", "0"):  # tick, then untick: the learner's state is as seeded again
            started = time.monotonic()
            status, body = request(base, "POST", page["path"], headers, f"done={done}")
    else:
        started = time.monotonic()
        status, body = request(base, "GET", page["path"], headers)
    elapsed = time.monotonic() - started
    if status != 200 or not is_real_page(page["marker"], body):
        sys.exit(
            f"{kind} {page['name']}: {page['method']} {page['path']} answered {status} without "
            f"{page['marker']!r}; the benchmark would measure the wrong page. Server log: "
            f"{OUT / f'gunicorn-{kind}.log'}"
        )
    return elapsed


def _header() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True).stdout
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return f"{when}, commit {commit}{' (with local changes)' if dirty else ''}, load {load}"


def main(argv=None) -> None:
    args = _arguments(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up servers on kill too
    ensure_wrk()
    OUT.mkdir(exist_ok=True)
    databases = [kind.strip() for kind in args.databases.split(",") if kind.strip()]
    if not set(databases) <= {SMALL, BIG}:
        sys.exit("--databases takes small, big or small,big")
    rounds, page_seconds, healthz_seconds = SLICES["quick" if args.quick else "full"]
    started = _header()
    print(f"Roadmap benchmark, {started}", flush=True)
    collectstatic()
    results: dict = {}
    labels: dict = {}
    for kind in databases:
        pages = _select(_prepare(kind, args.scale), args.pages)
        labels |= {page["name"]: page["label"] for page in pages}
        results[kind] = {}
        port = free_port(args.port, args.port + 100)
        with serve(database_url(kind), port, OUT / f"gunicorn-{kind}.log") as base:
            for page in pages:
                result = measure(
                    base,
                    page,
                    rounds=rounds,
                    page_seconds=page_seconds,
                    healthz_seconds=healthz_seconds,
                    single_request=_check(base, kind, page),
                )
                results[kind][page["name"]] = result
                print(
                    f"  {kind:5} {page['name']:10} {result.rps:8.1f} req/s  ratio "
                    f"{result.ratio:.3f}  p50 {result.p50:7.1f} ms  p99 {result.p99:7.1f} ms",
                    flush=True,
                )
    print(f"\n{CONNECTIONS} connections; started {started}; ended {_header()}\n")
    print(report.table(labels, results))
    print("\n" + report.healthz_line(results))
    for line in report.errors_lines(results):
        print(line)
    raw = {kind: {name: asdict(r) for name, r in pages.items()} for kind, pages in results.items()}
    (OUT / "results.json").write_text(json.dumps({"started": started, "results": raw}, indent=1))


if __name__ == "__main__":
    main()
