"""The conversation in a browser: the learner and the mentor each in their own window, every
message arriving in the other's without a reload."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.demo import create_demo_accounts
from tests.e2e.test_review_journey import ACCOUNTS, PROJECT, run_worker, sign_in


@pytest.fixture
def mentor_window(browser, live_server, migrated_data):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def send(page, text):
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send message").click()


def stays_loaded(page):
    """Mark the page; `still_loaded(page)` is true while no navigation replaced it."""
    page.evaluate("window.sameDocument = true")


def still_loaded(page) -> bool:
    return page.evaluate("window.sameDocument === true")


def claim_latest(page):
    page.goto("/review/")
    page.get_by_role("link", name="Markdown → HTML Converter").first.click()
    page.get_by_role("button", name="Claim this submission").click()


def give_verdict(page, verdict, comment):
    page.get_by_label("Comment").fill(comment)
    page.get_by_label(verdict).check()
    page.get_by_role("button", name="Send the review").click()


def test_a_question_an_answer_changes_a_resubmission_an_approval_and_a_rating(
    page, mentor_window, screenshot, catalog, settings
):
    settings.CONVERSATION_POLL_SECONDS = 1
    create_demo_accounts()
    learner, mentor = page, mentor_window
    thread = learner.locator("#thread-entries")

    # The learner submits and sees where they stand.
    sign_in(learner, "learner", PROJECT)
    learner.get_by_role("link", name="Submit for review").click()
    learner.get_by_label("Repository URL").fill("https://github.com/demo-learner/md2html")
    learner.get_by_role("button", name="Submit for review").click()
    learner.get_by_role("link", name="Conversation →").click()
    expect(learner.locator(".queue-place")).to_contain_text("1st in the queue")
    screenshot("learner-waits")
    stays_loaded(learner)

    # The mentor claims it and asks a question; it appears on both sides without a reload.
    sign_in(mentor, "mentor", "/review/")
    claim_latest(mentor)
    stays_loaded(mentor)
    send(mentor, "Does the converter handle **nested lists**?")
    expect(mentor.locator("#thread-entries")).to_contain_text("Does the converter handle")
    expect(thread).to_contain_text("Demo Mentor claimed the submission")
    expect(learner.locator("#submission-status")).to_contain_text("Demo Mentor is reviewing it.")
    expect(thread.locator("strong", has_text="nested lists")).to_be_visible()
    screenshot("learner-sees-the-question")
    screenshot("mentor-asks", of=mentor)

    # The learner answers without reloading; the mentor's window shows the answer.
    send(learner, "Yes: see `tests/test_lists.py`.")
    expect(thread).to_contain_text("Yes: see tests/test_lists.py.")
    expect(learner.get_by_label("Your message")).to_have_value("")
    expect(mentor.locator("#thread-entries")).to_contain_text("Yes: see tests/test_lists.py.")
    assert still_loaded(learner) and still_loaded(mentor)
    run_worker()
    assert [message.to for message in mail.outbox[-2:]] == [
        [ACCOUNTS["learner"].email],
        [ACCOUNTS["mentor"].email],
    ]

    # The mentor requests changes; the verdict lands in the learner's thread where it was given.
    give_verdict(mentor, "Request changes", "Add a test for ordered lists inside bullets.")
    expect(thread).to_contain_text("gave the verdict: changes requested")
    expect(thread).to_contain_text("Add a test for ordered lists inside bullets.")
    expect(learner.locator("#submission-status")).to_contain_text("Reviewed: changes requested.")
    expect(learner.get_by_role("button", name="Rate the review")).to_be_visible()
    assert still_loaded(learner)
    screenshot("learner-gets-changes-requested")

    # The learner resubmits; the first conversation continues in iteration 2.
    learner.get_by_role("link", name="Markdown → HTML Converter").first.click()
    learner.get_by_role("link", name="Send a new iteration").click()
    learner.get_by_role("button", name="Submit for review").click()
    expect(learner.locator("#submissions")).to_contain_text("Iteration 2")

    # The mentor claims the new iteration and approves it.
    claim_latest(mentor)
    expect(mentor.locator("h1")).to_contain_text("iteration 2")
    give_verdict(mentor, "Approve", "Well tested now.")

    # The learner reads the verdict in the conversation and rates the review.
    learner.goto("/dashboard/")
    in_review = learner.get_by_role("region", name="In review")
    expect(in_review).to_contain_text("the conversation is open")
    in_review.get_by_role("link", name="Markdown → HTML Converter").click()
    expect(learner.locator("h1")).to_contain_text("iteration 2")
    expect(thread).to_contain_text("gave the verdict: approved")
    learner.get_by_label("Helpful", exact=True).check()
    learner.get_by_label("Anything to add? (optional)").fill("The hint about nesting helped.")
    learner.get_by_role("button", name="Rate the review").click()
    expect(learner.locator(".messages")).to_contain_text("Thank you for rating the review.")
    screenshot("learner-rates-the-review")

    # The mentor reads the rating on their page.
    mentor.goto("/review/me/")
    expect(mentor.locator("body")).to_contain_text("The hint about nesting helped.")
    screenshot("mentor-reads-the-rating", of=mentor)
