"""What one upload request costs: the CPU time and peak memory of checking, decoding and
re-encoding its screenshots (the submission form's ScreenshotsField, as a POST runs it), for
the worst inputs the limits accept and some they refuse. Each request runs three times, each
time in a fresh process; the median CPU time and the largest peak are printed.

    .venv/bin/python -m scripts.upload_cost

Memory is how far the process's resident size peaks (Linux's VmHWM, reset just before) above
what it was before the field cleaned the uploads, which are already in memory, as Django holds
small uploads. Pillow allocates pixels outside Python's allocator, so tracemalloc would not see
them; getrusage's ru_maxrss would count the parent's size, which a child inherits on Linux.
"""

import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def noisy(mode: str, size: tuple[int, int], noise_bytes: int) -> Image.Image:
    """A flat image whose top rows are noise, about `noise_bytes` of it: what compresses
    worst, so what costs the most to decode and encode for its file size."""
    width, height = size
    image = Image.new(mode, size, "teal")
    rows = min(height, noise_bytes // (width * len(mode)))
    if rows:
        noise = random.Random(rows).randbytes(width * rows * len(mode))
        image.paste(Image.frombytes(mode, (width, rows), noise), (0, 0))
    return image


def encoded(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


MB = 1024 * 1024
SCENARIOS = {
    "five 4.7 MB PNGs (1250 × 1250, noise)": lambda: (
        [encoded(noisy("RGB", (1250, 1250), 5 * MB), "PNG")] * 5
    ),
    "one 6000 × 6000 PNG of 120 KB": lambda: [encoded(noisy("RGB", (6000, 6000), 0), "PNG")],
    "five 6000 × 6000 PNGs of 120 KB": lambda: [encoded(noisy("RGB", (6000, 6000), 0), "PNG")] * 5,
    "one 6000 × 6000 WebP of 64 KB": lambda: [encoded(noisy("RGB", (6000, 6000), 0), "WEBP")],
    "five 6000 × 6000 WebPs of 64 KB": lambda: [encoded(noisy("RGB", (6000, 6000), 0), "WEBP")] * 5,
    "one 3460 × 3460 RGBA PNG (12 Mpx)": lambda: [encoded(noisy("RGBA", (3460, 3460), MB), "PNG")],
    "five 1540 × 1540 RGBA PNGs, 4.7 MB of noise each (11.9 Mpx)": lambda: (
        [encoded(noisy("RGBA", (1540, 1540), int(4.7 * MB)), "PNG")] * 5
    ),
    "three 1870 × 1870 WebPs and a 4.7 MB PNG of noise (12 Mpx)": lambda: (
        [encoded(noisy("RGB", (1870, 1870), 3 * MB), "WEBP")] * 3
        + [encoded(noisy("RGB", (1250, 1200), 5 * MB), "PNG")]
    ),
    "one 2310 × 2310 progressive CMYK JPEG (5.3 Mpx)": lambda: [
        encoded(noisy("CMYK", (2310, 2310), 2 * MB), "JPEG", progressive=True, quality=95)
    ],
}


def measure(paths: list[str]) -> dict:
    """In this fresh process: clean the uploads once and report what it cost."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portfolio.forms import ScreenshotsField

    uploads = [
        SimpleUploadedFile(Path(path).name, Path(path).read_bytes(), "image/png") for path in paths
    ]
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now
    resident = memory_kb("VmRSS")
    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        images = ScreenshotsField().clean(uploads)
        outcome = f"accepted, {sum(image.size for image in images) / MB:.1f} MB stored"
    except ValidationError as error:
        outcome = "refused: " + " ".join(error.messages)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "peak_mb": (memory_kb("VmHWM") - resident) / 1024,
        "outcome": outcome,
    }


def memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2:])))
        return
    with tempfile.TemporaryDirectory(prefix="roadmap_upload_cost_") as directory:
        for scenario, make in SCENARIOS.items():
            paths = []
            for number, content in enumerate(make()):
                kind = Image.open(io.BytesIO(content)).format.lower()
                path = Path(directory) / f"screenshot-{number}.{kind}"
                path.write_bytes(content)
                paths.append(str(path))
            runs = [run_once(paths) for _ in range(RUNS)]
            cpu = statistics.median(run["cpu"] for run in runs)
            peak = max(run["peak_mb"] for run in runs)
            print(f"{scenario}\n    {cpu:5.2f} s CPU, {peak:4.0f} MB peak, {runs[0]['outcome']}")
            for path in paths:
                os.remove(path)


def run_once(paths: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.upload_cost", "--measure", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


if __name__ == "__main__":
    main()
