"""A mentor fixes a typo in a milestone with a track file: the admin shows the plan, the
mentor confirms, and the learner's tick is still on the milestone."""

from django.utils import timezone
from playwright.sync_api import expect

from curriculum.importer import export_track
from curriculum.models import Milestone, Track
from portfolio.models import MilestoneCheck
from tests.e2e.people import sign_in_with
from tests.factories import PASSWORD, TOTP_SECRET

PROJECT = "/tracks/novice-to-principal/hello-world-super-calculator/"


def test_a_mentor_fixes_a_typo_through_the_import_page_and_the_learners_tick_stays(
    page, screenshot, catalog, mentor, learner, tmp_path
):
    milestone = Milestone.objects.get(
        project__slug="hello-world-super-calculator", text="Handle invalid input"
    )
    milestone.text = "Handle invlaid input"  # the typo, as a mentor once saved it
    milestone.save()
    MilestoneCheck.objects.create(user=learner, milestone=milestone, checked_at=timezone.now())
    track_file = tmp_path / "novice-to-principal.md"
    exported = export_track(Track.objects.get(slug="novice-to-principal"))
    track_file.write_text(exported.replace("Handle invlaid input", "Handle invalid input"))

    sign_in_with(page, mentor.email, PASSWORD, "/admin/curriculum/track/", TOTP_SECRET)
    page.get_by_role("link", name="Import a track file").click()
    page.get_by_label("Track file:").set_input_files(track_file)
    page.get_by_role("button", name="Show what the import changes").click()

    plan = page.locator(".import-plan")
    expect(plan).to_have_text(
        "reworded milestone “Handle invlaid input” to “Handle invalid input” "
        "in “Hello World & Super-Calculator”"
    )
    expect(page.get_by_text("learners’ work")).to_have_count(0)
    screenshot("plan")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Imported novice-to-principal: 1 change (reworded 1 milestone)"
    )
    screenshot("imported")

    sign_in_with(page, learner.email, PASSWORD, PROJECT)
    item = page.locator("#main .checklist li", has_text="Handle invalid input")
    expect(item).to_have_class("done")
    expect(item.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#project-progress")).to_contain_text("1 of 3 milestones done")
    screenshot("learner-still-ticked")
