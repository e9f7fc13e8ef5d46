"""The admin's import page: upload, read the plan, confirm; nothing changes before that."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from curriculum.importer import export_track
from curriculum.models import Track
from portfolio.models import MilestoneCheck
from tests.curriculum.admin_helpers import NEW_TRACK, TINY_TRACK, history

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:curriculum_track_import")


def upload(client, name: str, content: bytes):
    file = SimpleUploadedFile(name, content, content_type="text/markdown")
    return client.post(IMPORT, {"track": file})


def confirm(client, plan_page, **extra):
    """Post the plan page's hidden fields back, as its Import button does (the browser
    journey clicks the real button)."""
    form = plan_page.context["form"]
    fields = {name: form[name].value() for name in ("text", "source", "digest")}
    return client.post(IMPORT, {**fields, **extra}, follow=True)


def test_a_new_track_is_shown_first_then_imported_as_a_draft_and_logged(client, mentor):
    client.force_login(mentor)

    plan_page = upload(client, "new.md", NEW_TRACK.encode())

    assertContains(plan_page, "A new track, imported as a draft: brand-new-track: 4 changes")
    assert not Track.objects.filter(slug="brand-new-track").exists()
    response = confirm(client, plan_page)
    track = Track.objects.get(slug="brand-new-track")
    assert not track.is_published
    assert track.projects.get().milestones.get().text == "Print hello"
    assertContains(response, "Imported brand-new-track: 4 changes")
    (entry,) = history(track)
    assert entry.action_flag == ADDITION
    assert entry.get_change_message().startswith("Imported: brand-new-track: 4 changes")


def test_a_typo_fix_is_shown_as_a_rewording_and_keeps_the_learners_tick(
    client, mentor, learner, track
):
    milestone = track.projects.get(slug="calculator").milestones.get(text="handle invalid input")
    MilestoneCheck.objects.create(user=learner, milestone=milestone, checked_at=timezone.now())
    fixed = export_track(track).replace(
        "- handle invalid input <!--", "- Handle invalid input <!--"
    )
    client.force_login(mentor)

    plan_page = upload(client, "tiny.md", fixed.encode())

    assertContains(plan_page, "reworded milestone “handle invalid input” to “Handle invalid input”")
    assertNotContains(plan_page, "allow_archive")
    confirm(client, plan_page)
    milestone.refresh_from_db()
    assert milestone.text == "Handle invalid input"
    assert milestone.checks.get().user == learner
    (entry,) = history(track)
    assert entry.action_flag == CHANGE
    assert entry.get_change_message() == "Imported: tiny: 1 change (reworded 1 milestone)"


def test_archiving_learners_work_needs_a_second_confirmation(client, mentor, learner, track):
    calculator = track.projects.get(slug="calculator")
    MilestoneCheck.objects.create(
        user=learner, milestone=calculator.milestones.first(), checked_at=timezone.now()
    )
    without_calculator = TINY_TRACK.replace("### 1. Calculator", "### 1. Abacus").replace(
        "A command-line calculator.", "Beads on wires."
    )
    client.force_login(mentor)

    plan_page = upload(client, "tiny.md", without_calculator.encode())
    assertContains(plan_page, "archived project “Calculator” — learners’ work: 1 milestone checks")

    refused = confirm(client, plan_page)
    assertContains(refused, "Confirm the archive of learners’ work, or cancel.")
    calculator.refresh_from_db()
    assert calculator.archived_at is None

    confirm(client, refused, allow_archive="on")
    calculator.refresh_from_db()
    assert calculator.archived_at is not None
    assert MilestoneCheck.objects.filter(milestone__project=calculator).count() == 1


def test_a_plan_that_went_stale_is_shown_again_instead_of_applied(client, mentor, track):
    client.force_login(mentor)
    plan_page = upload(client, "tiny.md", TINY_TRACK.replace("Tiny Track", "Small Track").encode())
    # Meanwhile someone renames a project in the admin: the file would now rename it back.
    track.projects.filter(slug="calculator").update(title="Pocket Calculator")

    response = confirm(client, plan_page)

    assertContains(response, "The catalog changed since you read the plan: read it again.")
    assertContains(response, "renamed project “Pocket Calculator” to “Calculator”")
    track.refresh_from_db()
    assert track.title == "Tiny Track"


def test_a_file_that_changes_nothing_offers_no_import_button(client, mentor, track):
    client.force_login(mentor)

    response = upload(client, "tiny.md", export_track(track).encode())

    assertContains(response, "Nothing would change: the catalog already holds this file.")
    assertNotContains(response, 'value="Import"')


def test_every_problem_of_a_file_is_listed_with_its_line_and_nothing_changes(client, mentor):
    client.force_login(mentor)
    tracks_before = Track.objects.count()
    text = "# Bad\n\n## L\n\n### Same\n\n**Milestones:** a.\n\n### Same\n\nNo steps.\n\n## Empty\n"

    response = upload(client, "bad.md", text.encode())

    assertContains(response, "bad.md, line 9: the project title “Same” is used twice")
    assertContains(response, "bad.md, line 9: the project “Same” has no milestones")
    assertContains(response, "bad.md, line 13: the level “Empty” is empty")
    assert Track.objects.count() == tracks_before
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "latin1.md",
            "# Café\n\n## Level\n".encode("latin-1"),
            "latin1.md, line 1: expected UTF-8 text, found the byte 0xE9 at column 6",
        ),
        ("big.md", b"# Big\n" + b"x" * 1024 * 1024, "big.md: the file is 1.0 MB"),
        ("track.pdf", NEW_TRACK.encode(), "File extension “pdf” is not allowed."),
    ],
)
def test_a_file_that_is_not_a_small_utf8_text_file_is_refused(
    client, mentor, name, content, message
):
    client.force_login(mentor)
    tracks_before = Track.objects.count()

    response = upload(client, name, content)

    assertContains(response, message)
    assert Track.objects.count() == tracks_before


def test_a_confirmation_whose_text_no_longer_reads_changes_nothing(client, mentor, track):
    client.force_login(mentor)
    plan_page = upload(client, "tiny.md", TINY_TRACK.replace("Tiny", "Tinier").encode())

    response = confirm(client, plan_page, text="# Broken\n\n### No level\n")

    assertContains(response, "The file changed nothing")
    assertContains(response, "tiny.md, line 3: expected a &#x27;## Level&#x27; heading")
    track.refresh_from_db()
    assert track.title == "Tiny Track"


def test_the_import_needs_a_csrf_token(mentor, track):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentor)
    file = SimpleUploadedFile("tiny.md", TINY_TRACK.encode(), content_type="text/markdown")

    assert client.post(IMPORT, {"track": file}).status_code == 403
