"""What psycopg_pool's connection check costs: the time to take a connection from the pool and
give it back, with and without the check (one empty query per checkout).

    DATABASE_URL=postgres://… .venv/bin/python scripts/pool_check_cost.py
"""

import os
import statistics
import sys
import time

import dj_database_url
from psycopg_pool import ConnectionPool

ROUNDS = 5000


def checkout_microseconds(conninfo: str, check) -> list[float]:
    with ConnectionPool(conninfo, min_size=1, max_size=1, check=check, open=True) as pool:
        pool.wait()
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            with pool.connection():
                pass
            timings.append((time.perf_counter() - started) * 1e6)
        return timings


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://… (the pool is PostgreSQL's)")
    settings = dj_database_url.parse(url)
    conninfo = (
        f"host={settings['HOST']} port={settings['PORT'] or 5432} dbname={settings['NAME']} "
        f"user={settings['USER']} password={settings['PASSWORD']}"
    )
    for label, check in [("no check", None), ("check_connection", ConnectionPool.check_connection)]:
        timings = checkout_microseconds(conninfo, check)
        print(
            f"{label:>16}: median {statistics.median(timings):6.1f} µs, "
            f"p99 {statistics.quantiles(timings, n=100)[98]:6.1f} µs per checkout"
        )


if __name__ == "__main__":
    main()
