"""Health checks for docker-compose, fast enough to run every few seconds (no Django import).

    python deploy/healthcheck.py web       # this container's gunicorn answers /healthz with 200
    python deploy/healthcheck.py database  # the database in DATABASE_URL answers (the worker)

Exit status 0 when healthy, 1 with the reason on stderr when not.
"""

import os
import sys
import urllib.error
import urllib.request

TIMEOUT = 3


def web() -> str | None:
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    # Django answers only to ALLOWED_HOSTS; ask as the site so that the check needs no
    # extra host allowed.
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT):
            return None
    except (urllib.error.URLError, OSError) as error:
        return f"/healthz: {error}"


def database() -> str | None:
    import psycopg

    try:
        with psycopg.connect(os.environ["DATABASE_URL"], connect_timeout=TIMEOUT) as connection:
            connection.execute("SELECT 1")
    except (psycopg.Error, KeyError) as error:
        return f"database: {error}"
    return None


if __name__ == "__main__":
    checks = {"web": web, "database": database}
    if len(sys.argv) != 2 or sys.argv[1] not in checks:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(checks)}")
    problem = checks[sys.argv[1]]()
    if problem:
        sys.exit(problem)
