"""Load with wrk (from apt): one slice is one wrk run of a few seconds; a page is measured in
slices alternated with `/healthz` on the same server, so that its figure is a ratio to the
framework's floor on this machine at this moment, not a machine-dependent time."""

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"
CONNECTIONS = 16
THREADS = 2
TIMEOUT = "30s"  # gunicorn's own; a slower request is an error, not a latency


def ensure_wrk() -> str:
    """wrk's path, installing it with apt when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing it with apt-get …", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    installed = subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=False)
    if installed.returncode != 0 or not shutil.which("wrk"):
        sys.exit(
            "The benchmark needs wrk and could not install it. Install it yourself "
            "(Debian/Ubuntu: sudo apt-get install wrk; macOS: brew install wrk), then rerun."
        )
    return shutil.which("wrk")


@dataclass
class Slice:
    requests: int
    seconds: float
    errors: dict
    max_us: int
    quantiles: list = field(default_factory=list)  # [(percentile, microseconds)]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def run_slice(base: str, path: str, seconds: int, *, cookie="", script="report.lua", env=None):
    """One wrk run against `base + path` for `seconds`, with 16 connections."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            f"--timeout={TIMEOUT}",
            f"--script={LUA / script}",
            base + path,
        ]
        if cookie:
            command[1:1] = ["-H", f"Cookie: {cookie}"]
        wrk_env = os.environ | (env or {})
        wrk_env |= {
            "BENCH_WRK_OUT": out.name,
            "BENCH_LUA_DIR": str(LUA),
            "BENCH_THREADS": str(THREADS),
        }
        subprocess.run(command, env=wrk_env, check=True, stdout=subprocess.DEVNULL)
        report = json.loads(Path(out.name).read_text())
    return Slice(
        requests=report["requests"],
        seconds=report["duration_us"] / 1e6,
        errors={name: count for name, count in report["errors"].items() if count},
        max_us=report["max_us"],
        quantiles=[tuple(point) for point in report["quantiles"]],
    )


def merged_percentile(slices: list[Slice], percentile: float) -> float:
    """The percentile (in ms) of all slices' requests together: each slice's quantile points
    stand for an equal share of its requests, so a slice weighs what it served."""
    points = []  # (latency, weight)
    for piece in slices:
        if not piece.requests or not piece.quantiles:
            continue
        previous = 0.0
        for p, latency in piece.quantiles:
            points.append((latency, piece.requests * (p - previous) / 100))
            previous = p
        points.append((piece.max_us, piece.requests * (100 - previous) / 100))
    if not points:
        return float("nan")
    points.sort()
    wanted = sum(weight for _, weight in points) * percentile / 100
    running = 0.0
    for latency, weight in points:
        running += weight
        if running >= wanted - 1e-9:
            return latency / 1000
    return points[-1][0] / 1000


@dataclass
class PageResult:
    name: str
    requests: int
    rps: float
    healthz_rps: float
    ratio: float
    p50: float
    p95: float
    p99: float
    errors: dict


def measure(
    base: str,
    page: dict,
    *,
    rounds: int,
    page_seconds: int,
    healthz_seconds: int,
    single_request: float,
) -> PageResult:
    """healthz, page, healthz, page, …, healthz: each page slice's req/s divided by the mean
    of the two healthz slices around it; the page's ratio is the median of those.

    A page slice lasts at least ten times one request on its own (`single_request`, seconds),
    so that even a page that takes seconds completes a couple of dozen requests."""
    port = int(base.rsplit(":", 1)[1])
    seconds = max(page_seconds, min(60, math.ceil(10 * single_request)))

    def run_page(duration):
        piece = run_slice(
            base,
            page["path"],
            duration,
            cookie=page["cookie"],
            script=page["script"],
            env=page["env"],
        )
        _drain(port)
        return piece

    run_page(1)  # warm-up: templates, pooled connections, PostgreSQL's cache
    healthz = [run_slice(base, "/healthz", healthz_seconds)]
    pages = []
    for _ in range(rounds):
        pages.append(run_page(seconds))
        healthz.append(run_slice(base, "/healthz", healthz_seconds))
    ratios = [
        piece.rps / statistics.mean([before.rps, after.rps])
        for piece, before, after in zip(pages, healthz, healthz[1:], strict=False)
    ]
    errors: dict = {}
    for piece in pages:
        for name, count in piece.errors.items():
            errors[name] = errors.get(name, 0) + count
    requests = sum(piece.requests for piece in pages)
    return PageResult(
        name=page["name"],
        requests=requests,
        rps=requests / sum(piece.seconds for piece in pages),
        healthz_rps=sum(h.requests for h in healthz) / sum(h.seconds for h in healthz),
        ratio=statistics.median(ratios),
        p50=merged_percentile(pages, 50),
        p95=merged_percentile(pages, 95),
        p99=merged_percentile(pages, 99),
        errors=errors,
    )


def _open_connections(port: int) -> int:
    """Server-side TCP connections on `port` still open (established, or closed by wrk and
    waiting for the server to finish the request: CLOSE_WAIT), from /proc/net/tcp."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            if int(local.rsplit(":", 1)[1], 16) == port and state in ("01", "08"):
                count += 1
    return count


def _drain(port: int, seconds: float = 60) -> None:
    """Requests still in flight when wrk stopped keep the server busy: wait until the server
    has closed every connection before the next slice is measured."""
    deadline = time.monotonic() + seconds
    while _open_connections(port) and time.monotonic() < deadline:
        time.sleep(0.05)
