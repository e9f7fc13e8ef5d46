"""Prepare one benchmark database: `python -m bench.prepare small|big [--scale S] [--pages F]`.

- small: what `make run` makes (migrate, import_catalog, the demo accounts and their
  progress), on PostgreSQL, plus the benchmark personas.
- big: migrate, import_catalog, the personas and a crowd of 40,000 learners (bench.seed).

A database already seeded by the same seeder version, seed and scale is only migrated; any
other is dropped and made again (each kind has a database of its own, nothing else is
touched). With --pages, also writes the pages to request (bench.targets) as JSON.
"""

import argparse
import io
import json
import os
import sys
import time

import psycopg
from psycopg import sql

SMALL, BIG = "small", "big"


def database_url(kind: str) -> str:
    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    prefix = os.environ.get("BENCH_DATABASE_PREFIX", "roadmap_bench")
    return f"{server.rstrip('/')}/{prefix}_{kind}"


def _server_and_name(url: str) -> tuple[str, str]:
    server, name = url.rsplit("/", 1)
    return f"{server}/postgres", name


def _stamp(url: str):
    """(kind, version, seed, scale) of a finished seed, or None."""
    server, name = _server_and_name(url)
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return None
    with psycopg.connect(url) as conn:
        if not conn.execute("SELECT to_regclass('bench_seed')").fetchone()[0]:
            return None
        return conn.execute("SELECT kind, version, seed, scale FROM bench_seed").fetchone()


def _recreate(url: str) -> None:
    server, name = _server_and_name(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _build(kind: str, scale: float, stamp) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bench.seed import seed

    started = time.monotonic()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", "--no-input", **quiet)
    call_command("import_catalog", **quiet)
    if kind == SMALL:
        call_command("create_demo_accounts", **quiet)
        call_command("create_demo_progress", **quiet)
    seeded = seed(scale=scale, crowd=kind == BIG)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_seed (kind text, version int, seed int, scale float, "
            "seeded_at timestamptz DEFAULT now(), seconds float)"
        )
        cursor.execute(
            "INSERT INTO bench_seed (kind, version, seed, scale, seconds) "
            "VALUES (%s, %s, %s, %s, %s)",
            [*stamp, round(time.monotonic() - started, 1)],
        )
        # Fresh statistics and visibility map: the planner sees the data as a live
        # installation's autovacuum would have left it.
        cursor.execute("VACUUM ANALYZE")
    print(
        f"{kind}: seeded {seeded.people} people, {seeded.ticks} ticks, {seeded.progress} "
        f"progress rows, {seeded.submissions} submissions, {seeded.reviews} reviews "
        f"in {time.monotonic() - started:.0f} s"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=[SMALL, BIG])
    parser.add_argument("--scale", type=float, default=1.0, help="crowd size (big only)")
    parser.add_argument("--pages", help="write the pages to request to this JSON file")
    args = parser.parse_args(argv)
    url = database_url(args.kind)
    os.environ["DATABASE_URL"] = url
    # Demo accounts exist only in development; the server itself runs with DEBUG=0.
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.seed import SEED, SEED_VERSION

    wanted = (args.kind, SEED_VERSION, SEED, args.scale if args.kind == BIG else 0.0)
    if _stamp(url) == wanted:
        call_command("migrate", "--no-input", verbosity=0)
        print(f"{args.kind}: already seeded (seeder version {SEED_VERSION}), kept")
    else:
        print(f"{args.kind}: seeding {url.rsplit('/', 1)[1]} …", flush=True)
        _recreate(url)
        _build(args.kind, args.scale, wanted)
    if args.pages:
        from bench.targets import pages_as_json

        with open(args.pages, "w") as out:
            json.dump(pages_as_json(), out, indent=1)


if __name__ == "__main__":
    sys.exit(main())
