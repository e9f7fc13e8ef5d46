"""What Caddy in front costs and saves: `make proxy-bench` (needs caddy and wrk from apt).

Runs deploy/Caddyfile in front of gunicorn (DEBUG=0) as tests/deploy/test_proxy.py does, then
measures with wrk: a page straight from gunicorn and through Caddy (compressed), a static file,
and a 1 MB screenshot (public: its access rule lets anyone see it) sent by Caddy after the
app's X-Accel-Redirect or by the app itself.
"""

import gzip
import io
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from PIL import Image

from scripts.servers import (
    caddy,
    free_port,
    gunicorn,
    manage,
    production_environment,
    screenshot_of_a_learner,
)

SECONDS = 8


def one_megabyte_png() -> bytes:
    side = 591  # noise does not compress: 591 × 591 × 3 bytes is about 1 MB
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by gunicorn's workers: the live ones, and those recycled by
    max_requests (counted in the master's children times)."""

    def stat(pid) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    ticks = sum(int(stat(pid)[11]) + int(stat(pid)[12]) for pid in children)  # utime, stime
    ticks += int(stat(master_pid)[13]) + int(stat(master_pid)[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(url: str, *headers: str) -> str:
    command = ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    summary = f"{float(rate):8.0f} req/s  p50 {p50:>8}  p99 {p99:>8}"
    return summary + (f"  {errors.group(1)} errors" if errors else ""), requests


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
    (state / "media").mkdir()
    environment, media = stack(state, accel=True)
    manage(environment, "migrate", "--no-input", "-v0")
    upload, _ = screenshot_of_a_learner(environment, media, one_megabyte_png(), public=True)
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
                master = int((state / "gunicorn.pid").read_text())
                cpu_before = cpu_seconds(master)
                summary, requests = wrk(f"{proxy}{upload}")
                cpu = (cpu_seconds(master) - cpu_before) / requests * 1000
                print(f"1 MB upload, {label:32} {summary}  gunicorn CPU {cpu:.2f} ms/request")
    finally:
        shutil.rmtree(state, ignore_errors=True)


def measure_pages_and_static(app: str, proxy: str, https: str) -> None:
    page = "/tracks/novice-to-principal/"
    request = urllib.request.Request(app + page, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request) as response:
        html = response.read()
    print(f"track page: {len(html) // 1024} KB, {len(gzip.compress(html)) // 1024} KB gzipped")
    print("track page, gunicorn alone             ", wrk(app + page, https)[0])
    print("track page, through Caddy (zstd)       ", wrk(proxy + page, "Accept-Encoding: zstd")[0])
    stylesheet = re.search(rb'href="(/static/css/roadmap\.[0-9a-f]+\.css)"', html).group(1)
    static = stylesheet.decode()
    print("stylesheet, gunicorn alone (whitenoise)", wrk(app + static, https)[0])
    print("stylesheet, through Caddy (brotli)     ", wrk(proxy + static, "Accept-Encoding: br")[0])


if __name__ == "__main__":
    main()
