from django.core import mail
from playwright.sync_api import expect

from accounts.demo import create_demo_accounts
from tests.conftest import run_worker
from tests.e2e.people import ACCOUNTS, png, sign_in

PROJECT = "/tracks/novice-to-principal/markdown-html-converter/"


def review(page, screenshot, verdict, comment, met=()):
    page.goto("/review/")
    page.get_by_role("link", name="Markdown → HTML Converter").first.click()
    page.get_by_role("button", name="Claim this submission").click()
    for label in met:
        page.get_by_label(f"{label}: met").check()
    page.get_by_label("Comment").fill(comment)
    page.get_by_label(verdict).check()
    screenshot(f"review-{verdict.lower().replace(' ', '-')}")
    page.get_by_role("button", name="Send the review").click()


def test_submit_review_iterate_approve_and_publish(page, screenshot, catalog, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    create_demo_accounts()
    image = png(tmp_path / "screen.png")

    # The learner submits with a screenshot.
    sign_in(page, "learner", PROJECT)
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_label("Repository URL").fill("https://github.com/demo-learner/md2html")
    page.get_by_role("textbox", name="Write-up").fill(
        "Converts **Markdown** with Jinja2 templates."
    )
    page.get_by_label("Screenshots").set_input_files(str(image))
    screenshot("submit-form")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#submissions")).to_contain_text("Waiting for a mentor")
    expect(page.locator("#submissions img")).to_have_count(1)
    run_worker()
    assert any(ACCOUNTS["mentor"].email in m.recipients() for m in mail.outbox)

    # The mentor claims it and requests changes.
    sign_in(page, "mentor", "/review/")
    review(page, screenshot, "Request changes", "Add tests for the TOC.", met=["Clear README"])
    run_worker()
    assert mail.outbox[-1].to == [ACCOUNTS["learner"].email]
    assert mail.outbox[-1].subject.endswith("was reviewed: changes requested")

    # The learner sees the feedback and resubmits.
    sign_in(page, "learner", PROJECT)
    expect(page.locator("#submissions")).to_contain_text("Add tests for the TOC.")
    expect(page.locator("#submissions")).to_contain_text("Changes requested")
    screenshot("feedback")
    page.get_by_role("link", name="Send a new iteration").click()
    # The new iteration starts from the previous one's evidence.
    expect(page.get_by_label("Repository URL")).to_have_value(
        "https://github.com/demo-learner/md2html"
    )
    write_up = page.get_by_role("textbox", name="Write-up")
    expect(write_up).to_have_value("Converts **Markdown** with Jinja2 templates.")
    write_up.fill("Converts **Markdown** with Jinja2 templates. Now with tests for the TOC.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#submissions")).to_contain_text("Iteration 2")

    # The mentor approves.
    sign_in(page, "mentor", "/review/")
    review(page, screenshot, "Approve", "Well done.", met=["Clear README", "Tests included"])
    run_worker()
    assert mail.outbox[-1].subject.endswith("was reviewed: approved")

    # The learner opts in; the public portfolio shows the approved project.
    sign_in(page, "learner", "/accounts/profile/")
    page.get_by_label("Public portfolio").check()
    page.get_by_role("button", name="Save profile").click()
    page.goto(f"/u/{ACCOUNTS['learner'].username}/")
    expect(page.get_by_text("Markdown → HTML Converter").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("Tests included")
    screenshot("public-portfolio")
