"""A mentor runs a cohort: creates it, shares the link, a learner joins after the consent
screen, and the matrix shows them and their progress."""

from playwright.sync_api import expect

from accounts.demo import create_demo_accounts
from curriculum.models import Track
from tests.e2e.people import sign_in

TRACK = "novice-to-principal"
PROJECT = f"/tracks/{TRACK}/markdown-html-converter/"


def test_a_mentor_creates_a_cohort_and_a_learner_joins_by_link(page, screenshot, catalog):
    create_demo_accounts()

    # The mentor creates the cohort.
    sign_in(page, "mentor", "/cohorts/")
    page.get_by_role("link", name="Create a cohort").click()
    page.get_by_label("Name").fill("Spring class")
    page.get_by_label("Track").select_option(value=str(Track.objects.get(slug=TRACK).pk))
    page.get_by_label("Start date").fill("2026-03-02")
    screenshot("create")
    page.get_by_role("button", name="Create the cohort").click()
    expect(page.get_by_role("heading", name="Spring class")).to_be_visible()
    expect(page.locator("main")).to_contain_text("No learner has joined yet")
    invite = page.locator("#invite-heading ~ p a").first.get_attribute("href")

    # The learner follows the link, reads what the mentors will see, and joins.
    sign_in(page, "learner", invite)
    expect(page.get_by_role("heading", name="What its mentors will see")).to_be_visible()
    screenshot("consent")
    page.get_by_role("button", name="I agree: join Spring class").click()
    expect(page.locator(".messages")).to_contain_text("You joined Spring class.")
    page.goto(PROJECT)
    page.locator("#main .checklist li button").first.click()
    expect(page.locator("#project-progress")).to_contain_text("1 of")

    # The matrix shows them, in words.
    sign_in(page, "mentor", "/cohorts/")
    page.get_by_role("link", name="Spring class").click()
    row = page.get_by_role("row").filter(has_text="Demo Learner")
    expect(row).to_contain_text("In progress")
    expect(page.locator("main")).to_contain_text("(1 learner)")
    screenshot("matrix")
