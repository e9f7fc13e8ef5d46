"""What Caddy in front costs and saves: `make proxy-bench` (needs caddy and wrk from apt).

Runs deploy/Caddyfile in front of gunicorn (DEBUG=0) as tests/deploy/test_proxy.py does, then
measures with wrk: a page straight from gunicorn and through Caddy (compressed), a static file,
and a 1 MB upload sent by Caddy after the app's X-Accel-Redirect or by the app itself.
"""

import gzip
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from scripts.servers import caddy, free_port, gunicorn, manage, production_environment

UPLOAD = "screenshots/bench.png"
SECONDS = 8


def wrk(url: str, *headers: str) -> str:
    command = ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return f"{float(rate):8.0f} req/s  p50 {p50:>8}  p99 {p99:>8}" + (
        f"  {errors.group(1)} errors" if errors else ""
    )


def stack(state: Path, accel: bool):
    media = state / "media"
    environment = production_environment(
        f"sqlite:///{state / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="tests.deploy.harness_settings",
        ALLOWED_HOSTS="localhost",
        SECURE_PROXY_SSL_HEADER="1",
        TRUSTED_PROXY_COUNT="1",
        MEDIA_ACCEL_REDIRECT="1" if accel else "0",
        MEDIA_ROOT=str(media),
    )
    return environment, media


def main() -> None:
    for tool in ("caddy", "wrk"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install -y {tool}")
    state = Path(tempfile.mkdtemp(prefix="roadmap_prod_bench_"))
    (state / "media/screenshots").mkdir(parents=True)
    (state / "media" / UPLOAD).write_bytes(bytes(1024 * 1024))
    environment, media = stack(state, accel=True)
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "import_catalog", "--missing")
    manage(environment, "collectstatic", "--no-input", "-v0")
    ports = (free_port(8280, 8285), free_port(8243, 8250), free_port(8290, 8299))
    try:
        for accel in (True, False):
            environment, media = stack(state, accel)
            web_port = free_port(8220, 8230)
            with (
                gunicorn(environment, web_port, state / "gunicorn.log") as app,
                caddy(
                    upstream=f"127.0.0.1:{web_port}",
                    media_root=media,
                    ports=ports,
                    state=state,
                    log=state / "caddy.log",
                ) as (proxy, _),
            ):
                https = "X-Forwarded-Proto: https"  # what Caddy tells gunicorn
                if accel:
                    measure_pages_and_static(app, proxy, https)
                label = "X-Accel-Redirect, Caddy sends it" if accel else "the app sends it"
                print(f"1 MB upload, {label:32}", wrk(f"{proxy}/test-harness/media/{UPLOAD}"))
    finally:
        shutil.rmtree(state, ignore_errors=True)


def measure_pages_and_static(app: str, proxy: str, https: str) -> None:
    page = "/tracks/novice-to-principal/"
    request = urllib.request.Request(app + page, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request) as response:
        html = response.read()
    print(f"track page: {len(html) // 1024} KB, {len(gzip.compress(html)) // 1024} KB gzipped")
    print("track page, gunicorn alone             ", wrk(app + page, https))
    print("track page, through Caddy (zstd)       ", wrk(proxy + page, "Accept-Encoding: zstd"))
    stylesheet = re.search(rb'href="(/static/css/roadmap\.[0-9a-f]+\.css)"', html).group(1)
    static = stylesheet.decode()
    print("stylesheet, gunicorn alone (whitenoise)", wrk(app + static, https))
    print("stylesheet, through Caddy (brotli)     ", wrk(proxy + static, "Accept-Encoding: br"))


if __name__ == "__main__":
    main()
