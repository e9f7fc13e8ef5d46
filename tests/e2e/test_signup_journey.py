import re

from django.core import mail
from playwright.sync_api import expect

from tests.conftest import run_worker


def test_a_visitor_signs_up_verifies_their_email_and_lands_signed_in(page, screenshot):
    page.goto("/")
    screenshot("home")
    page.get_by_role("link", name="Create your free account").click()

    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    page.get_by_label("Email", exact=True).fill("journey@example.com")
    page.get_by_label("Password", exact=True).fill("a journey of twelve")
    page.get_by_label("Password (again)", exact=True).fill("a journey of twelve")
    screenshot("signup-form")
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    screenshot("verification-sent")
    run_worker()  # sends it
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    page.goto(link)
    screenshot("confirm-email")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your roadmap")).to_be_visible()
    # A neutral handle until they choose one: never the start of their email address.
    expect(page.locator(".user-menu summary")).to_have_text(re.compile(r"^learner-[a-z0-9]{5}$"))
    screenshot("signed-in")
