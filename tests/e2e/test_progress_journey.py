from playwright.sync_api import expect

from accounts.demo import DEMO_ACCOUNTS, create_demo_accounts

PROJECT = "/tracks/novice-to-principal/markdown-html-converter/"


def sign_in_as_demo_learner(page):
    create_demo_accounts()
    learner = next(account for account in DEMO_ACCOUNTS if account.role == "learner")
    page.goto(f"/accounts/login/?next={PROJECT}")
    page.get_by_label("Email", exact=True).fill(learner.email)
    page.get_by_label("Password", exact=True).fill(learner.password)
    page.get_by_role("button", name="Sign In").click()


def milestone(page, text):
    return page.locator("#main .checklist li", has_text=text)


def test_a_learner_ticks_milestones_without_a_page_load_and_sees_them_on_the_dashboard(
    page, screenshot, catalog
):
    sign_in_as_demo_learner(page)
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
