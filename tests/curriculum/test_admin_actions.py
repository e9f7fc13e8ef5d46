"""The admin's actions on the catalog: publishing, archiving and restoring, and exporting
tracks; who may import them."""

import io
import zipfile

from django.urls import reverse
from pytest_django.asserts import assertContains

from curriculum.catalog_format import parse_track
from curriculum.importer import import_track
from curriculum.models import Project, Track
from tests.curriculum.admin_helpers import NEW_TRACK, change_page, changelist, history
from tests.factories import add_two_factor


def run_action(client, model, action, objects):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    return client.post(changelist(model), data, follow=True)


# --- actions -----------------------------------------------------------------------------------


def test_publishing_and_unpublishing_a_track_flips_it_and_is_logged(client, mentor, track):
    client.force_login(mentor)

    run_action(client, Track, "publish", [track])
    track.refresh_from_db()
    assert track.is_published

    run_action(client, Track, "unpublish", [track])
    track.refresh_from_db()
    assert not track.is_published

    messages = [entry.get_change_message() for entry in history(track)]
    assert messages == ["Published.", "Unpublished."]


def test_archiving_and_restoring_a_project_is_logged(client, mentor, calculator):
    client.force_login(mentor)

    run_action(client, Project, "archive", [calculator])
    calculator.refresh_from_db()
    assert calculator.archived_at is not None

    run_action(client, Project, "restore", [calculator])
    calculator.refresh_from_db()
    assert calculator.archived_at is None

    messages = [entry.get_change_message() for entry in history(calculator)]
    assert messages == ["Archived.", "Restored."]


def test_a_restored_project_whose_place_was_taken_goes_to_the_end(client, mentor, calculator):
    client.force_login(mentor)
    run_action(client, Project, "archive", [calculator])
    Project.objects.create(
        track=calculator.track, level=calculator.level, position=1, title="Usurper", slug="usurper"
    )

    run_action(client, Project, "restore", [calculator])

    calculator.refresh_from_db()
    assert (calculator.archived_at, calculator.position) == (None, 2)


# --- export and import -------------------------------------------------------------------------


def test_exporting_a_track_downloads_a_file_that_reads_back_to_the_same_data(client, mentor, track):
    client.force_login(mentor)

    from_action = run_action(client, Track, "export", [track])
    from_link = client.get(reverse("admin:curriculum_track_export", args=[track.pk]))

    for response in [from_action, from_link]:
        assert response["Content-Disposition"] == 'attachment; filename="tiny.md"'
        exported = response.content.decode()
        assert "### 1. Calculator\n<!-- id: calculator -->" in exported
        assert import_track(parse_track(exported)).changes == []


def test_exporting_several_tracks_downloads_a_zip_of_track_files(client, mentor, track):
    client.force_login(mentor)
    other = import_track(parse_track(NEW_TRACK)).track

    response = run_action(client, Track, "export", [track, other])

    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == ["brand-new-track.md", "tiny.md"]


def test_the_track_pages_link_to_import_and_export(client, mentor, track):
    client.force_login(mentor)

    assertContains(client.get(changelist(Track)), reverse("admin:curriculum_track_import"))
    export_url = reverse("admin:curriculum_track_export", args=[track.pk])
    assertContains(client.get(change_page(track)), export_url)


def test_a_staff_user_without_catalog_permissions_cannot_import(client, learner):
    learner.is_staff = True
    learner.save(update_fields=["is_staff"])
    add_two_factor(learner)
    client.force_login(learner)

    assert client.get(reverse("admin:curriculum_track_import")).status_code == 403
