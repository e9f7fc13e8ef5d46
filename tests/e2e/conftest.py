"""Browser journeys: Playwright drives the system's Chromium against a live server.

Chromium comes from the system (`apt-get install -y chromium`), never from Playwright's own
download. Without it the journeys are skipped with that hint, except when CI is set: then a
missing browser fails the run. Screenshots of each step go to test-artifacts/e2e/<test>/.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.conftest import import_shipped_catalog, restore_migrated_data

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
# Chromium's background services try to reach Google; this machine's network refuses them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(or set CHROMIUM_PATH) to run the browser journeys."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def migrated_data(transactional_db):
    restore_migrated_data()
    # Rate-limit counters live in the database cache, whose table no flush empties: a
    # journey must not be throttled by the one before it (or by an earlier run).
    cache.clear()


@pytest.fixture
def catalog(migrated_data):
    # The flush after each browser test empties the catalog too.
    import_shipped_catalog()


@pytest.fixture
def mentor(migrated_data, mentor):
    return mentor


@pytest.fixture
def page(browser, live_server, migrated_data):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """`screenshot("signed-up")` saves the page as test-artifacts/e2e/<test>/01-signed-up.png;
    `screenshot("asked", of=other_page)` saves another window of the journey."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    steps = []

    def take(name: str, of=None) -> Path:
        steps.append(name)
        path = folder / f"{len(steps):02d}-{name}.png"
        (of or page).screenshot(path=path, full_page=True)
        return path

    return take
