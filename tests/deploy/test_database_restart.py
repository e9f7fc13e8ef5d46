"""After PostgreSQL drops every connection (a restart, a failover), gunicorn's pooled
connections are dead: the next requests must get fresh ones, not errors. `make outage-test`
measures a whole outage under load; this is its first promise, in CI: the server as production
runs it (gunicorn.conf.py, DEBUG=0, the pool), its connections cut, then every request
answered."""

import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from scripts.servers import free_port, gunicorn, production_environment
from tests.conftest import server_database_url

DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres"), reason="the connection pool is PostgreSQL's"
)

DATABASE = "roadmap_prod_restart"


@pytest.fixture
def empty_database():
    """/healthz needs no table, so an empty database is enough and costs no migration."""
    with psycopg.connect(server_database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    yield server_database_url(DATABASE)
    with psycopg.connect(server_database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def cut_every_connection_to(database: str) -> int:
    """What a restart does to the server's clients: their connections end under them."""
    with psycopg.connect(server_database_url("postgres"), autocommit=True) as admin:
        cut = admin.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchone()[0]
    return cut


def test_requests_after_the_database_dropped_every_connection_are_answered(empty_database):
    port = free_port(8460, 8560)
    log = Path(tempfile.mkdtemp(prefix="roadmap_restart_")) / "gunicorn.log"
    with gunicorn(production_environment(empty_database), port, log) as site:
        # Enough requests to open pooled connections in both workers.
        assert {status_of(f"{site}/healthz") for _ in range(24)} == {200}

        assert cut_every_connection_to(DATABASE) > 0

        statuses = [status_of(f"{site}/healthz") for _ in range(24)]
    errors = [line for line in log.read_text().splitlines() if "GET" not in line]
    assert statuses == [200] * 24, errors
