"""The main pages under the Content-Security-Policy, in a real browser: not one violation
(inline script or style, eval, a foreign image), and htmx's journeys still work."""

import pytest
from playwright.sync_api import expect

from accounts.demo import create_demo_accounts
from tests.e2e.people import ACCOUNTS, sign_in

PROJECT = "/tracks/novice-to-principal/markdown-html-converter/"
# Chromium reports each blocked resource as a `securitypolicyviolation` event on the document.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def csp_page(page):
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.csp_console = console
    return page


def visit(page, url):
    response = page.goto(url)
    assert response.status < 500, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    assert_no_violation(page, url)


def assert_no_violation(page, where):
    page.wait_for_load_state("load")
    assert page.evaluate("window.cspViolations") == [], where
    assert [text for text in page.csp_console if "Content Security Policy" in text] == [], where


def test_catalog_and_account_pages_load_without_a_violation(csp_page, catalog):
    for url in ["/", "/tracks/", "/tracks/novice-to-principal/", PROJECT, "/skills/"]:
        visit(csp_page, url)
    for url in ["/search/?q=markdown", "/accounts/login/", "/accounts/signup/", "/nowhere/"]:
        visit(csp_page, url)
    # htmx's filter swap, under the policy.
    csp_page.goto("/tracks/novice-to-principal/")
    csp_page.get_by_label("Skill", exact=True).select_option(label="loops")
    expect(csp_page.locator(".result-count")).to_contain_text("match")
    assert_no_violation(csp_page, "track filter")


def test_the_tick_journey_works_under_the_policy(csp_page, screenshot, catalog):
    create_demo_accounts()
    sign_in(csp_page, "learner", PROJECT)
    csp_page.evaluate("window.notReloaded = true")

    item = csp_page.locator("#main .checklist li", has_text="TOC generation")
    item.get_by_role("button").click()

    expect(item).to_have_class("done")
    expect(csp_page.locator("#project-progress")).to_contain_text("1 of 2 milestones done")
    assert csp_page.evaluate("window.notReloaded") is True  # htmx swapped it in place
    screenshot("ticked-under-csp")
    assert_no_violation(csp_page, "tick")
    for url in [
        "/dashboard/",
        "/dashboard/skills/",
        "/notifications/",
        "/accounts/profile/",
        "/accounts/profile/delete/",
        "/accounts/email/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        f"{PROJECT}submit/",
        "/cohorts/",
    ]:
        visit(csp_page, url)
    # Setting up a second factor asks for the password again (allauth), then shows a QR code.
    csp_page.goto("/accounts/2fa/totp/activate/")
    csp_page.get_by_label("Password").fill(ACCOUNTS["learner"].password)
    csp_page.get_by_role("button", name="Confirm").click()
    qr_code = csp_page.locator("#main img").first
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0  # the data: image loaded
    screenshot("two-factor-setup")


def test_mentor_and_admin_pages_load_without_a_violation(csp_page, catalog):
    create_demo_accounts()
    sign_in(csp_page, "admin", "/review/")
    expect(csp_page.get_by_role("heading", level=1)).to_have_text("Review queue")
    assert_no_violation(csp_page, "review queue")
    for url in [
        "/admin/",
        "/admin/curriculum/project/",
        "/admin/curriculum/project/?track__id__exact=1",
        "/admin/curriculum/track/1/change/",
        "/admin/accounts/user/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/webauthn/",
    ]:
        visit(csp_page, url)
