"""The production server as an operator runs it: gunicorn with the repository's
gunicorn.conf.py, DEBUG off, on a local port; stopped (and waited for) whatever happens."""

import html
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Signs the benchmark's sessions; the server listens on 127.0.0.1 only. Not a secret.
SECRET_KEY = "bench-only-not-secret-7f1c2a9e4b6d8f0a3c5e7b9d1f2a4c6e8b0d2f4a6c8e0b2d4f6a"
HOST = "127.0.0.1"


def environment(database_url: str, port: int | None = None) -> dict:
    """The production settings the benchmark runs under (see README "Running in production");
    plain HTTP on 127.0.0.1, so no redirect to HTTPS."""
    env = os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
    }
    if port:
        env["GUNICORN_BIND"] = f"{HOST}:{port}"
    return env


def collectstatic() -> None:
    """The hashed static files the production settings' manifest storage needs."""
    env = environment("sqlite:///:memory:")
    command = [BIN / "python", "manage.py", "collectstatic", "--no-input", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


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


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


def _wait_until_healthy(base: str, process, log_path, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: see {log_path}")
        try:
            if request(base, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {seconds} s: see {log_path}")


def _stop(process) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: gunicorn finishes what is in flight
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve(database_url: str, port: int, log_path: Path):
    """Run gunicorn against the database for the duration of the block; yields its base URL."""
    if not _port_is_free(port):
        raise RuntimeError(f"port {port} is in use: choose another with --port")
    base = f"http://{HOST}:{port}"
    command = [BIN / "gunicorn", "roadmap.wsgi", "--config", "gunicorn.conf.py"]
    with open(log_path, "wb") as log:  # one run's log: the access log grows fast
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment(database_url, port), stdout=log, stderr=log
        )
    try:
        _wait_until_healthy(base, process, log_path)
        yield base
    finally:
        _stop(process)
