from playwright.sync_api import expect

from accounts.demo import create_demo_accounts
from portfolio.demo import create_demo_progress
from tests.e2e.people import demo_projects, sign_in

PROJECT = "/tracks/novice-to-principal/markdown-html-converter/"


def milestone(page, text):
    return page.locator("#main .checklist li", has_text=text)


def test_a_learner_ticks_milestones_without_a_page_load_and_sees_them_on_the_dashboard(
    page, screenshot, catalog
):
    create_demo_accounts()
    sign_in(page, "learner", PROJECT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Markdown → HTML Converter")
    expect(page.locator("#project-progress")).to_contain_text("Not started")
    screenshot("project-before")
    page.evaluate("window.notReloaded = true")

    milestone(page, "TOC generation").get_by_role("button").click()
    expect(milestone(page, "TOC generation")).to_have_class("done")
    expect(page.locator("#project-progress")).to_contain_text("1 of 2 milestones done (50%)")
    milestone(page, "Static site with navigation index").get_by_role("button").click()
    expect(milestone(page, "Static site with navigation index")).to_have_class("done")
    expect(page.locator("#project-progress")).to_contain_text("1 of 1 stretch goal")
    expect(page.locator("#project-progress")).to_contain_text("In progress")
    assert page.evaluate("window.notReloaded") is True  # swapped in place: no navigation
    screenshot("ticked")

    page.reload()
    expect(milestone(page, "TOC generation")).to_have_class("done")
    expect(milestone(page, "Static site with navigation index")).to_have_class("done")
    expect(page.locator("#project-progress progress")).to_have_attribute("value", "1")

    milestone(page, "Static site with navigation index").get_by_role("button").click()
    expect(milestone(page, "Static site with navigation index")).not_to_have_class("done")
    screenshot("unticked")

    page.get_by_role("link", name="Dashboard").click()
    in_progress = page.locator(".in-progress li", has_text="Markdown → HTML Converter")
    expect(in_progress).to_contain_text("1 of 2 milestones (50%)")
    expect(in_progress.locator(".next-milestone")).to_have_text("Next: Code highlighting")
    screenshot("dashboard")


def test_ticking_a_milestone_of_a_submitted_project_keeps_it_submitted(page, screenshot, catalog):
    learner, *_ = create_demo_accounts()
    create_demo_progress(learner)  # its first project: every milestone ticked, submitted
    project = demo_projects()[1]
    sign_in(page, "learner", project.get_absolute_url())
    status = page.locator("#project-progress .status")
    expect(status).to_have_text("Status: Submitted")
    page.evaluate("window.notReloaded = true")

    first = page.locator("#main .checklist li").first
    first.get_by_role("button").click()
    expect(first).not_to_have_class("done")
    expect(page.locator("#progress-text")).to_contain_text("milestones done")
    expect(status).to_have_text("Status: Submitted")  # the fragment said "In progress"
    screenshot("unticked")
    first.get_by_role("button").click()
    expect(first).to_have_class("done")
    expect(status).to_have_text("Status: Submitted")
    assert page.evaluate("window.notReloaded") is True
