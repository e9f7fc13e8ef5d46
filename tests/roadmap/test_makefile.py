"""What `make run` sets up for the processes it starts."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def make_variable(tmp_path, name, *arguments):
    """The value `make` gives `name`, from a copy of the Makefile (no .env next to it)."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    result = subprocess.run(
        ["make", "-s", "--eval", f"show: ; @echo $({name})", "show", *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("arguments", "site_url"),
    [
        ((), "http://127.0.0.1:8000"),
        (("PORT=8123",), "http://127.0.0.1:8123"),
        (("HOST=0.0.0.0", "PORT=9000"), "http://localhost:9000"),
        (("SITE_URL=https://roadmap.example.com",), "https://roadmap.example.com"),
    ],
)
def test_email_links_follow_the_address_make_run_serves(tmp_path, arguments, site_url):
    assert make_variable(tmp_path, "SITE_URL", *arguments) == site_url
