"""The production server as an operator runs it (scripts.servers: gunicorn with the
repository's gunicorn.conf.py, DEBUG off), with the benchmark's fixed secret key, and one
plain HTTP request to check what a page answers."""

import html
import http.client
from contextlib import contextmanager

from scripts.servers import BIN, ROOT, gunicorn, manage, production_environment

__all__ = ["BIN", "ROOT", "collectstatic", "environment", "is_real_page", "request", "serve"]

# Signs the benchmark's sessions, which bench.prepare makes in another process: both must use
# the same key. The server listens on 127.0.0.1 only. Not a secret.
SECRET_KEY = "bench-only-not-secret-7f1c2a9e4b6d8f0a3c5e7b9d1f2a4c6e8b0d2f4a6c8e0b2d4f6a"
HOST = "127.0.0.1"


def environment(database_url: str) -> dict:
    return production_environment(
        database_url, SECRET_KEY=SECRET_KEY, DJANGO_SETTINGS_MODULE="bench.settings"
    )


def collectstatic() -> None:
    """The hashed static files the production settings' manifest storage needs."""
    manage(environment("sqlite:///:memory:"), "collectstatic", "--no-input", "-v0")


def request(base: str, method: str, path: str, headers=None, body=None) -> tuple[int, str]:
    """One request without following redirects: (status, body)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def is_real_page(marker: str, body: str) -> bool:
    """Whether a response body is the page the benchmark means (`marker` as the user reads it)."""
    return marker in html.unescape(body)


@contextmanager
def serve(database_url: str, port: int, log_path):
    """gunicorn against the database for the duration of the block; yields its base URL (by
    address: wrk must not try ::1 for "localhost" while gunicorn listens on 127.0.0.1)."""
    with gunicorn(environment(database_url), port, log_path):
        yield f"http://{HOST}:{port}"
