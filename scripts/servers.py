"""Real servers for the scripts and tests that need them: a throwaway PostgreSQL cluster that can
be stopped (never the machine's shared server), gunicorn with the repo's gunicorn.conf.py, and
a way to wait for a port to answer."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def postgres_bin(name: str) -> str:
    """A PostgreSQL server program: on PATH, or in Debian's versioned directory."""
    found = shutil.which(name) or sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise SystemExit(
            f"{name} not found: install PostgreSQL's server (apt-get install postgresql)"
        )
    return str(found if isinstance(found, str) else found[-1])


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own in a temporary directory, on `port`, with trust auth for
    the `postgres` user. initdb refuses to run as root, so as root it runs as the system user
    `postgres`."""

    def __init__(self, port: int):
        self.port = port
        self.directory = Path(tempfile.mkdtemp(prefix="roadmap_prod_pg_"))
        self.data = self.directory / "data"
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.run_as:
            shutil.chown(self.directory, "postgres")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        subprocess.run([*self.run_as, *command], check=True, capture_output=True, cwd="/tmp")

    def create(self) -> None:
        self._run(postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._run(
            postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.directory / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        # fast: what a restart or a crash looks like to clients, open connections cut.
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> None:
        subprocess.run(
            ["psql", self.url("postgres"), "-qc", f'CREATE DATABASE "{name}"'],
            check=True,
            capture_output=True,
        )

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def throwaway_postgres(port: int):
    cluster = ThrowawayPostgres(port)
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def production_environment(database_url: str, **overrides: str) -> dict[str, str]:
    """Production settings (DEBUG=0) for a local run over plain HTTP on 127.0.0.1."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "roadmap.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


def manage(environment: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr}")
    return result.stdout


def wait_until_answers(url: str, timeout: float = 30, host: str | None = "localhost") -> None:
    """Until `url` answers 2xx, asked for as `host` (localhost: Django allows it everywhere
    here; None: the URL's own)."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def free_port(start: int, end: int) -> int:
    for port in range(start, end):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {start}-{end}")


@contextmanager
def gunicorn(environment: dict[str, str], port: int, log: Path):
    """gunicorn as production runs it (the repo's gunicorn.conf.py), on 127.0.0.1:port; its
    master's process id goes to `log` with the suffix .pid."""
    environment = {**environment, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                *("-c", "gunicorn.conf.py", "--pid", str(log.with_suffix(".pid"))),
                "roadmap.wsgi",
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/livez")
        yield f"http://localhost:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def caddy_global_options(*, http_port: int, https_port: int, admin_port: int) -> str:
    """Global options that let deploy/Caddyfile run here unprivileged: certificates from
    Caddy's own local authority (not trusted system-wide), our ports, admin beside them."""
    return "\n".join(
        [
            "local_certs",
            "skip_install_trust",
            f"http_port {http_port}",
            f"https_port {https_port}",
            f"admin 127.0.0.1:{admin_port}",
        ]
    )


@contextmanager
def caddy(*, upstream: str, media_root: Path, ports: tuple[int, int, int], state: Path, log: Path):
    """deploy/Caddyfile, run for real: HTTPS on https://localhost:<ports[1]>, HTTP on ports[0]
    (redirects), admin on ports[2]. Yields the address and the local authority's root
    certificate, to verify TLS against."""
    http_port, https_port, admin_port = ports
    environment = {
        **os.environ,
        "SITE_DOMAIN": f"localhost:{https_port}",
        "UPSTREAM": upstream,
        "MEDIA_ROOT": str(media_root),
        "CADDY_GLOBAL_OPTIONS": caddy_global_options(
            http_port=http_port, https_port=https_port, admin_port=admin_port
        ),
        "XDG_DATA_HOME": str(state / "data"),
        "XDG_CONFIG_HOME": str(state / "config"),
    }
    command = ["caddy", "run", "--config", str(ROOT / "deploy/Caddyfile"), "--adapter", "caddyfile"]
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    root_certificate = state / "data/caddy/pki/authorities/local/root.crt"
    try:
        wait_until_answers(f"http://127.0.0.1:{admin_port}/config/", host=None)
        deadline = time.monotonic() + 30
        while not root_certificate.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        yield f"https://localhost:{https_port}", root_certificate
    finally:
        process.terminate()
        process.wait(timeout=30)


# Run by `manage.py shell`: one learner, their submission and its screenshot, as the app
# leaves them, and a session of that learner. {name} and {public} are filled in.
_SCREENSHOT_OF_A_LEARNER = """
import uuid
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
from curriculum.catalog_format import parse_track
from curriculum.importer import import_track
from curriculum.models import Project
from portfolio.models import Screenshot, Submission, SubmissionStatus

track = "# Harness\\n<!--\\nslug: harness\\n-->\\n## Level 1 — One\\n### 1. Picture\\n"
if not Project.objects.filter(track__slug="harness").exists():
    import_track(parse_track(track + "**Milestones:** Draw it.\\n"))
learner = User.objects.create_user(uuid.uuid4().hex[:12], portfolio_public={public})
submission = Submission.objects.create(
    user=learner,
    project=Project.objects.get(track__slug="harness"),
    iteration=1,
    repository_url="https://example.com/picture",
    status=SubmissionStatus.APPROVED if {public} else SubmissionStatus.WAITING,
)
Screenshot.objects.create(owner=learner, submission=submission, image={name!r})
session = SessionStore()
session[SESSION_KEY] = str(learner.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = learner.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def screenshot_of_a_learner(
    environment: dict[str, str], media_root: Path, content: bytes, *, public: bool
) -> tuple[str, str]:
    """A learner's screenshot stored as uploads are: the file under `media_root`, its row, its
    submission approved on a public portfolio (anyone may see it) or waiting for a mentor.
    Returns the address that serves it and a session key of its learner."""
    name = f"screenshots/{secrets.token_hex(16)}.png"
    (media_root / name).parent.mkdir(parents=True, exist_ok=True)
    (media_root / name).write_bytes(content)
    code = _SCREENSHOT_OF_A_LEARNER.format(name=name, public=public)
    session_key = manage(environment, "shell", "-v0", "-c", code).strip()
    return f"/media/{name}", session_key
