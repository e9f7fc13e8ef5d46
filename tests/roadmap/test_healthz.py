"""/healthz (readiness: the database answers), /livez (liveness: never the database) and the
503 page during a database outage. Outages are real: a port with no PostgreSQL behind it, an
SQLite file that cannot be opened, a pool whose connections are all taken."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from roadmap.health import OutageBreaker
from roadmap.views import server_error
from tests.conftest import server_database_url

ROOT = Path(__file__).resolve().parents[2]
# Port 9 (discard) has no PostgreSQL behind it on any machine we run on.
REFUSING_POSTGRESQL = "postgres://postgres@127.0.0.1:9/roadmap"

# Asks for pages through Django's test client in a fresh process, so that the process's
# database settings are the ones under test; prints [status, seconds, Retry-After, body].
PROBE = """
import json, sys, time
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for path in sys.argv[1:]:
    started = time.monotonic()
    response = client.get(path, HTTP_HOST="localhost")
    print(json.dumps([response.status_code, time.monotonic() - started,
                      response.get("Retry-After"), response.content.decode()]))
"""

# Takes every connection of the process's pool, then asks /healthz.
EXHAUST_POOL_THEN_PROBE = """
import django
django.setup()
from django.db import connection
connection.pool.open()
taken = [connection.pool.getconn() for _ in range(connection.pool.max_size)]
""" + PROBE.replace("import django\ndjango.setup()", "")


def probe(database_url: str, *paths: str, script: str = PROBE, **env) -> list[list]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "roadmap.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "SECURE_SSL_REDIRECT": "0",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", script, *paths],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client, django_assert_max_num_queries):
    # SELECT 1 (on PostgreSQL through the pool, beside Django's connection)
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_sqlite_cannot_be_opened(tmp_path):
    [[status, _, _, body]] = probe(f"sqlite:///{tmp_path}/missing-dir/db.sqlite3", "/healthz")

    assert status == 503
    assert body == "database unavailable\n"


def test_healthz_answers_503_within_a_second_when_postgresql_refuses_connections():
    # Requests may wait 5 s for a connection; /healthz has its own, shorter timeout.
    [_, [status, seconds, _, _]] = probe(
        REFUSING_POSTGRESQL, "/healthz", "/healthz", DATABASE_POOL_TIMEOUT="5"
    )

    assert status == 503
    assert seconds < 2  # the second: the first also loads the URLconf and the templates


def test_healthz_answers_503_within_a_second_when_the_pool_is_exhausted():
    if connection.vendor != "postgresql":
        pytest.skip("the connection pool is PostgreSQL's; run with DATABASE_URL=postgres://…")
    # /healthz asks only `SELECT 1`: any database of the server will do.
    [_, [status, seconds, _, _]] = probe(
        server_database_url(),
        "/healthz",
        "/healthz",
        script=EXHAUST_POOL_THEN_PROBE,
        DATABASE_POOL_MAX_SIZE="3",
        DATABASE_POOL_TIMEOUT="5",
    )

    assert status == 503
    assert seconds < 2  # the second, as above


def test_livez_answers_without_the_database():
    [[first, _, _, body], [second, seconds, _, _]] = probe(REFUSING_POSTGRESQL, "/livez", "/livez")

    assert (first, second, body) == (200, 200, "ok\n")
    assert seconds < 0.5  # the second: the first also loads the URLconf


@pytest.mark.django_db
def test_livez_makes_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_a_page_during_a_database_outage_is_a_503_asking_to_retry():
    [[status, seconds, retry_after, body]] = probe(
        REFUSING_POSTGRESQL, "/tracks/novice-to-principal/", DATABASE_POOL_TIMEOUT="1"
    )

    assert status == 503
    assert retry_after == "10"
    assert "Roadmap is back in a moment" in body
    assert "try again in a few seconds" in body
    assert seconds < 3  # the pool's 1 s, not a 16 s hang


def test_during_an_outage_requests_after_the_first_fail_at_once():
    [first, second, third, health] = probe(
        REFUSING_POSTGRESQL,
        "/tracks/novice-to-principal/",
        "/tracks/",
        "/",
        "/healthz",
        DATABASE_POOL_TIMEOUT="1",
    )

    assert [first[0], second[0], third[0], health[0]] == [503, 503, 503, 503]
    assert first[1] >= 1  # waited for the pool
    assert second[1] < 0.2 and third[1] < 0.2  # knew better
    assert "Roadmap is back in a moment" in third[3]
    assert health[1] >= 0.5  # /healthz asks the database anyway


def test_the_breaker_lets_one_request_try_when_its_hold_has_passed():
    breaker = OutageBreaker(hold=0.05)
    assert not breaker.should_fail_fast()  # nothing seen yet

    breaker.open()
    assert breaker.should_fail_fast()
    time.sleep(0.06)
    assert not breaker.should_fail_fast()  # this one tries the database…
    assert breaker.should_fail_fast()  # …while the others still fail fast

    breaker.close()  # it found the database
    assert not breaker.should_fail_fast()


def test_an_error_that_is_not_an_outage_stays_a_500(rf):
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
