import re

from playwright.sync_api import expect

from accounts.demo import create_demo_accounts
from tests.e2e.test_review_journey import PROJECT, review, sign_in


def test_an_approved_project_earns_a_credential_anyone_can_check_until_it_is_revoked(
    page, screenshot, catalog, live_server, settings
):
    settings.SITE_URL = live_server.url
    create_demo_accounts()

    # The learner submits; a mentor approves.
    sign_in(page, "learner", PROJECT)
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_label("Repository URL").fill("https://github.com/demo-learner/md2html")
    page.get_by_role("button", name="Submit for review").click()
    sign_in(page, "mentor", "/review/")
    review(page, screenshot, "Approve", "Well done.", met=["Clear README", "Tests included"])

    # The learner is told on their dashboard, once, and finds the credential there.
    sign_in(page, "learner", "/dashboard/")
    celebration = page.get_by_role("status").filter(has_text="Approved!")
    expect(celebration).to_contain_text("A mentor approved Markdown → HTML Converter")
    screenshot("celebration")
    page.get_by_role("link", name="Credential for Markdown → HTML Converter").click()
    expect(page).to_have_url(re.compile(r"/credentials/[0-9a-f-]{36}/$"))
    verification_url = page.url
    expect(page.get_by_role("link", name="Add to LinkedIn profile")).to_be_visible()
    screenshot("holder-view")

    # Anyone with the link: valid.
    page.context.clear_cookies()
    page.goto(verification_url)
    status = page.get_by_role("status").filter(has_text="Checked just now")
    expect(status).to_contain_text("Valid.")
    expect(page.locator("main")).to_contain_text("earned an approved project")
    expect(page.get_by_role("link", name="Download signed JWT")).to_have_count(0)
    screenshot("anonymous-valid")

    # An admin revokes it, with a reason.
    sign_in(page, "admin", "/admin/portfolio/credential/")
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option(label="Revoke selected credentials…")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Reason").fill("The repository is someone else’s work.")
    screenshot("admin-revoke")
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator(".messagelist")).to_contain_text("1 credential(s) revoked.")

    # The same page, for anyone: revoked, and why.
    page.context.clear_cookies()
    page.goto(verification_url)
    expect(status).to_contain_text("Revoked")
    expect(status).to_contain_text("Reason: The repository is someone else’s work.")
    expect(status).not_to_contain_text("Valid.")
    screenshot("anonymous-revoked")
