import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Asks /healthz through Django's test client in a fresh process, so that the process's
# database settings are the ones under test.
PROBE = """
import django
django.setup()
from django.test import Client
print(Client().get("/healthz", HTTP_HOST="localhost").status_code)
"""


def healthz_status_with(database_url: str) -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "roadmap.settings",
        "DATABASE_URL": database_url,
        "DATABASE_POOL_TIMEOUT": "1",
        "DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_sqlite_cannot_be_opened(tmp_path):
    assert healthz_status_with(f"sqlite:///{tmp_path}/missing-dir/db.sqlite3") == 503


def test_healthz_answers_503_when_postgresql_refuses_connections():
    # Port 9 (discard) has no PostgreSQL behind it on any machine we run on.
    assert healthz_status_with("postgres://postgres@127.0.0.1:9/roadmap") == 503
