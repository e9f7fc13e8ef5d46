"""deploy/Caddyfile run for real in front of gunicorn (gunicorn.conf.py, DEBUG=0): HTTPS,
compression, static files, screenshots through the media route's access rule and the X-Accel
handover, forwarded headers and the health checks docker-compose.yml runs. Needs Caddy
(`apt-get install -y caddy`; .ci/run installs it): skipped without it, except under CI, where a
missing Caddy fails."""

import gzip
import http.client
import io
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from scripts.servers import (
    ROOT,
    caddy,
    free_port,
    gunicorn,
    manage,
    production_environment,
    screenshot_of_a_learner,
)
from tests.conftest import server_database_url

pytestmark = pytest.mark.skipif(
    not shutil.which("caddy") and not os.environ.get("CI"),
    reason="Caddy is not installed: apt-get install -y caddy (.ci/run installs it)",
)


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(buffer, "PNG")
    return buffer.getvalue()


PNG_BYTES = png("teal")
PRIVATE_BYTES = png("orange")


class Stack:
    """Addresses: `proxy` (Caddy, HTTPS), `plain` (Caddy, HTTP), `app` (gunicorn itself).
    Screenshots: `public` (approved, on a public portfolio) and `private` (waiting for a
    mentor), with a session of the private one's learner."""

    def __init__(self, *, proxy: str, plain: str, app: str, root_certificate: Path, shots: dict):
        self.addresses = {"proxy": proxy, "plain": plain, "app": app}
        self.tls = ssl.create_default_context(cafile=str(root_certificate))
        self.public, _ = shots["public"]
        self.private, self.owner_session = shots["private"]

    def get(self, path: str, *, via="proxy", headers=None) -> http.client.HTTPResponse:
        scheme, _, host_port = self.addresses[via].partition("://")
        host, port = host_port.split(":")
        if scheme == "https":
            connection = http.client.HTTPSConnection(host, int(port), context=self.tls, timeout=10)
        else:
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response


@pytest.fixture(scope="module")
def stack():
    """gunicorn on a fresh SQLite database (the proxy's behaviour does not depend on the
    database) with uploads in a temporary media directory, and Caddy in front of it."""
    state = Path(tempfile.mkdtemp(prefix="roadmap_prod_proxy_"))
    media = state / "media"
    media.mkdir()
    environment = production_environment(
        f"sqlite:///{state / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="tests.deploy.harness_settings",
        ALLOWED_HOSTS="localhost",
        SECURE_SSL_REDIRECT="1",
        SECURE_PROXY_SSL_HEADER="1",
        TRUSTED_PROXY_COUNT="1",
        MEDIA_ACCEL_REDIRECT="1",
        MEDIA_ROOT=str(media),
    )
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "collectstatic", "--no-input", "-v0")
    shots = {
        "public": screenshot_of_a_learner(environment, media, PNG_BYTES, public=True),
        "private": screenshot_of_a_learner(environment, media, PRIVATE_BYTES, public=False),
    }
    web_port = free_port(8220, 8230)
    ports = (free_port(8280, 8285), free_port(8243, 8250), free_port(8290, 8299))
    with gunicorn(environment, web_port, state / "gunicorn.log") as app:
        upstream = f"127.0.0.1:{web_port}"
        with caddy(
            upstream=upstream, media_root=media, ports=ports, state=state, log=state / "caddy.log"
        ) as (proxy, root_certificate):
            yield Stack(
                proxy=proxy,
                plain=f"http://localhost:{ports[0]}",
                app=app,
                root_certificate=root_certificate,
                shots=shots,
            )
    shutil.rmtree(state, ignore_errors=True)


def test_pages_come_over_https_compressed(stack):
    for encoding, decompress in [("gzip", gzip.decompress), ("zstd", None)]:
        response = stack.get("/", headers={"Accept-Encoding": encoding})

        assert response.status == 200
        assert response.getheader("Content-Encoding") == encoding
        if decompress:
            assert "Learn Python by building real projects" in decompress(response.body).decode()


def test_plain_http_is_redirected_to_https(stack):
    redirect = stack.get("/tracks/", via="plain")

    assert redirect.status in {301, 308}
    # Caddy leaves a non-standard HTTPS port out of the redirect; in production it is 443.
    assert redirect.getheader("Location") == "https://localhost/tracks/"


def test_static_files_are_precompressed_and_cached_for_a_year(stack):
    page = stack.get("/").body.decode()
    stylesheet = re.search(r'href="(/static/css/roadmap\.[0-9a-f]+\.css)"', page).group(1)

    response = stack.get(stylesheet, headers={"Accept-Encoding": "br, gzip"})

    assert response.status == 200
    assert response.getheader("Content-Encoding") == "br"  # whitenoise's, passed through
    cache_control = response.getheader("Cache-Control")
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600


def test_the_app_hands_an_upload_over_and_caddy_sends_it(stack):
    # What Caddy adds to every request it passes on.
    direct = stack.get(stack.public, via="app", headers={"X-Forwarded-Proto": "https"})
    proxied = stack.get(stack.public, headers={"Accept-Encoding": "gzip"})

    assert direct.body == b""  # gunicorn sent only the header…
    assert direct.getheader("X-Accel-Redirect") == stack.public.removeprefix("/media")
    assert proxied.status == 200  # …and Caddy the file
    assert proxied.body == PNG_BYTES
    assert proxied.getheader("Content-Type") == "image/png"
    assert proxied.getheader("Content-Encoding") is None  # images are not recompressed
    assert proxied.getheader("Cache-Control") == "public, max-age=3600"  # the app's word
    assert proxied.getheader("X-Accel-Redirect") is None


def test_a_private_upload_goes_to_its_learner_only_and_stays_private(stack):
    anonymous = stack.get(stack.private)
    owner = stack.get(stack.private, headers={"Cookie": f"sessionid={stack.owner_session}"})

    assert anonymous.status == 404
    assert PRIVATE_BYTES not in anonymous.body
    assert owner.status == 200
    assert owner.body == PRIVATE_BYTES
    cache_control = owner.getheader("Cache-Control")
    assert "private" in cache_control and "public" not in cache_control


def test_uploads_are_not_reachable_without_the_app(stack):
    public_file = stack.public.removeprefix("/media")
    for path in [public_file, stack.private.removeprefix("/media"), "/screenshots/", "/media/"]:
        response = stack.get(path)

        assert response.status == 404, path
        assert PNG_BYTES not in response.body and PRIVATE_BYTES not in response.body


def test_a_handover_cannot_leave_the_media_directory(stack):
    for path in [
        "/media/screenshots/../../etc/passwd",
        "/media/screenshots/%2e%2e/%2e%2e/db.sqlite3",
        "/media/screenshots/..%2F..%2Fdb.sqlite3",
    ]:
        response = stack.get(path)

        assert response.status in {400, 404}, path
        assert b"root:" not in response.body and b"SQLite" not in response.body


def test_django_sees_https_and_the_visitors_address_not_a_spoofed_one(stack):
    response = stack.get(
        "/test-harness/forwarded",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "http"},
    )

    seen = json.loads(response.body)
    assert seen["is_secure"] is True
    assert seen["client_ip"] == "127.0.0.1"  # Caddy's view of the connection, not the header
    assert seen["host"] == stack.addresses["proxy"].removeprefix("https://")


def test_health_checks_answer_through_the_proxy(stack):
    assert (stack.get("/healthz").status, stack.get("/healthz").body) == (200, b"ok\n")
    assert (stack.get("/livez").status, stack.get("/livez").body) == (200, b"ok\n")


def test_the_compose_health_check_of_web_passes_and_fails_for_real(stack):
    port = stack.addresses["app"].rsplit(":", 1)[1]

    healthy = run_health_check("web", GUNICORN_BIND=f"127.0.0.1:{port}", ALLOWED_HOSTS="localhost")
    nobody_there = run_health_check("web", GUNICORN_BIND="127.0.0.1:9", ALLOWED_HOSTS="localhost")

    assert healthy.returncode == 0, healthy.stderr
    assert nobody_there.returncode == 1
    assert "/healthz" in nobody_there.stderr


def test_the_compose_health_check_of_the_worker_asks_the_database():
    refusing = run_health_check("database", DATABASE_URL="postgres://postgres@127.0.0.1:9/x")

    assert refusing.returncode == 1
    assert "database:" in refusing.stderr
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        answering = run_health_check("database", DATABASE_URL=server_database_url())
        assert answering.returncode == 0


def run_health_check(check: str, **environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "deploy/healthcheck.py"), check],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=30,
    )
