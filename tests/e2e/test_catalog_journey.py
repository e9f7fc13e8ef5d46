import re

from playwright.sync_api import expect

from tests.e2e.people import sign_in_with
from tests.factories import PASSWORD, TOTP_SECRET


def test_a_visitor_finds_a_project_by_searching_and_sees_its_milestones(page, screenshot, catalog):
    page.goto("/")
    page.get_by_role("searchbox", name="Search projects").fill("markdown")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Search")).to_be_visible()
    result = page.get_by_role("link", name="Markdown → HTML Converter")
    expect(result).to_be_visible()
    screenshot("search-results")
    result.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Markdown → HTML Converter")
    milestones = page.locator("section[aria-labelledby=milestones] .text")
    expect(milestones).to_have_text(["TOC generation", "Code highlighting"])
    expect(page.get_by_text("Static site with navigation index")).to_be_visible()
    screenshot("project")


def test_filters_update_the_list_in_place_and_the_url_and_back_restores_them(
    page, screenshot, catalog
):
    page.goto("/tracks/novice-to-principal/")
    expect(page.get_by_text("127 projects in 5 levels.")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Skill", exact=True).select_option(label="loops")

    expect(page.locator(".result-count")).to_have_text(re.compile(r"\d+ projects? match"))
    assert "skill=loops" in page.url
    assert page.evaluate("window.notReloaded") is True  # swapped in place, no navigation
    screenshot("filtered-by-skill")

    page.reload()
    expect(page.get_by_label("Skill", exact=True)).to_have_value("loops")
    expect(page.locator(".result-count")).to_have_text(re.compile(r"\d+ projects? match"))

    page.get_by_role("link", name="Clear").click()
    search = page.get_by_label("Search this track")
    level = page.get_by_label("Level", exact=True)
    count = page.locator(".result-count")
    search.press_sequentially("csv")
    expect(page).to_have_url(re.compile(r"\?q=csv&"))
    expect(count).to_have_text(re.compile(r"\d+ projects? match"))
    csv_count = count.inner_text()
    search.press("Tab")  # a change too: the same request again, its fragment in the cache

    # Back from a project: the browser's cache had the htmx fragment for this URL.
    page.locator("#project-list h3 a").first.click()
    expect(page.locator("#milestones")).to_be_visible()
    page.go_back()
    expect(search).to_have_value("csv")
    expect(count).to_have_text(csv_count)
    screenshot("back-from-a-project")

    # Back within the page: htmx's snapshot had the results, but not what was typed.
    search.fill("json")
    expect(page).to_have_url(re.compile(r"\?q=json&"))
    expect(count).not_to_have_text(csv_count)
    json_count = count.inner_text()
    level.select_option(label="Level 1 — Beginner (Novice)")
    expect(page).to_have_url(re.compile(r"level=beginner-novice"))
    expect(count).not_to_have_text(json_count)
    screenshot("filtered-by-level")
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?q=json&level=&"))
    expect(search).to_have_value("json")
    expect(level).to_have_value("")
    expect(count).to_have_text(json_count)
    screenshot("back-within-the-page")


def test_a_mentor_edits_a_milestone_in_the_admin_and_the_project_page_shows_it(
    page, screenshot, catalog, mentor
):
    sign_in_with(page, mentor.email, PASSWORD, "/admin/", TOTP_SECRET)
    expect(page.get_by_text("Roadmap administration")).to_be_visible()

    page.goto("/admin/curriculum/project/?q=Markdown")
    page.get_by_role("link", name="Markdown → HTML Converter").click()
    milestone = page.locator("textarea[name$='-text']", has_text="TOC generation")
    expect(milestone).to_be_visible()
    milestone.fill("Generate a table of contents from the headings")
    screenshot("admin-edit")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/tracks/novice-to-principal/markdown-html-converter/")
    expect(page.get_by_text("Generate a table of contents from the headings")).to_be_visible()
    expect(page.get_by_text("TOC generation")).to_have_count(0)
    screenshot("project-after-edit")
