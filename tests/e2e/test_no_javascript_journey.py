"""The learner's forms without JavaScript: every page works without it first."""

import pytest
from playwright.sync_api import expect

from accounts.demo import create_demo_accounts
from portfolio.models import Submission, SubmissionStatus
from tests.e2e.people import png, sign_in

PROJECT = "/tracks/novice-to-principal/markdown-html-converter/"


@pytest.mark.browser_context(java_script_enabled=False)
def test_a_preview_keeps_the_screenshots_and_withdrawing_asks_first(
    page, screenshot, catalog, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    create_demo_accounts()
    sign_in(page, "learner", PROJECT)
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_label("Repository URL").fill("https://github.com/demo-learner/md2html")
    page.get_by_role("textbox", name="Write-up").fill("## What I built\n\nA converter.")
    page.get_by_label("Screenshots").set_input_files(png(tmp_path / "screen.png"))

    # "Preview" posts the whole form: the screenshot comes back attached, not dropped.
    page.get_by_role("button", name="Preview write-up").click()
    expect(page.locator("#preview h2")).to_have_text("What I built")
    attached = page.get_by_role("group", name="Screenshots attached").get_by_role("checkbox")
    expect(attached).to_have_count(1)
    expect(attached).to_be_checked()
    expect(page.get_by_label("Repository URL")).to_have_value(
        "https://github.com/demo-learner/md2html"
    )
    screenshot("preview")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#submissions img")).to_have_count(1)
    screenshot("submitted")

    # "Withdraw…" asks on a page of its own; nothing is withdrawn until confirmed.
    page.get_by_role("link", name="Withdraw…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Withdraw iteration 1 of Markdown → HTML Converter?"
    )
    assert Submission.objects.get().status == SubmissionStatus.WAITING
    screenshot("withdraw-confirmation")
    page.get_by_role("button", name="Withdraw the submission").click()
    expect(page.locator(".messages")).to_contain_text("Your submission is withdrawn.")
    expect(page.locator("#submissions .badge")).to_have_text("Withdrawn")
    assert Submission.objects.get().status == SubmissionStatus.WITHDRAWN
