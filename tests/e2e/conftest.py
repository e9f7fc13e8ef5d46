"""Browser journeys: Playwright drives the system's Chromium against a live server.

Chromium comes from the system (`apt-get install -y chromium`), never from Playwright's own
download. Without it the journeys are skipped with that hint, except when CI is set: then a
missing browser fails the run. The same goes for axe-core, which comes from npm (`npm ci` at the
repository root puts it in node_modules/). Screenshots of each step go to
test-artifacts/e2e/<test>/.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache

from curriculum.importer import import_tracks, parse_track_file, shipped_track_files
from tests.conftest import restore_migrated_data

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 level A and AA (each version's rules are tagged apart) and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]
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


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser_context(**options): options for the test's browser context, e.g. "
        "java_script_enabled=False",
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def require(tool: Path, message: str) -> None:
    """Skip the test when a tool it needs is missing, with how to get it; fail under CI."""
    if tool.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    require(
        CHROMIUM,
        f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
        "(or set CHROMIUM_PATH) to run the browser journeys.",
    )
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
    # The flush after each browser test empties the catalog too. The journeys walk the first
    # track; importing the other four as well would double what this costs every journey.
    import_tracks([parse_track_file(shipped_track_files()[0])])


@pytest.fixture
def mentor(migrated_data, mentor):
    return mentor


@pytest.fixture
def page(browser, live_server, migrated_data, request):
    options = {"viewport": {"width": 1280, "height": 900}}
    for marker in request.node.iter_markers("browser_context"):
        options |= marker.kwargs
    context = browser.new_context(base_url=live_server.url, **options)
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


@pytest.fixture(scope="session")
def axe_core():
    require(
        AXE,
        f"axe-core not found at {AXE}: run `npm ci --no-audit --no-fund` at the repository root "
        "to scan the pages for accessibility.",
    )
    return AXE


@pytest.fixture
def axe(axe_core, page):
    """`axe("home")` runs axe-core on the page as it is, in the light and the dark colour
    scheme, and returns one readable line per violation (rule, impact, help URL, elements).
    (Ask for it before `page`, so that a missing axe-core skips before the browser starts.)"""

    def scan(name: str) -> list[str]:
        page.add_script_tag(path=axe_core)
        found = run(name, "light", {"type": "tag", "values": AXE_TAGS})
        # The dark scheme changes colours only: the rules that read colours are enough there.
        page.emulate_media(color_scheme="dark")
        found += run(name, "dark", {"type": "rule", "values": AXE_COLOUR_RULES})
        page.emulate_media(color_scheme="light")
        return found

    def run(name, scheme, only):
        violations = page.evaluate(
            "only => axe.run(document, {runOnly: only, resultTypes: ['violations']})"
            ".then(results => results.violations)",
            only,
        )
        return [describe_violation(f"{name} ({scheme})", violation) for violation in violations]

    return scan


def describe_violation(where: str, violation: dict) -> str:
    elements = "".join(
        f"\n    {' '.join(map(str, node['target']))}: {' '.join(node['failureSummary'].split())}"
        for node in violation["nodes"]
    )
    return (
        f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}"
        f" <{violation['helpUrl']}>{elements}"
    )
