"""The periodic cleanup of uploads nobody needs (screenshots never sent, those of withdrawn
submissions, files no row names) after MEDIA_CLEANUP_GRACE_DAYS, through the storage API;
and `manage.py storage_report`. Time moves by handing the job a later `now`."""

import io
import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from portfolio.models import Screenshot, SubmissionStatus
from portfolio.storage import screenshots_clean_up
from portfolio.submissions import screenshots_stage, submission_withdraw
from tests.portfolio.review_helpers import reviewed, submit

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def staged(owner, count=1, side=8) -> list[Screenshot]:
    """Screenshots as an upload stores them: files in storage, rows no submission took."""
    images = []
    for _ in range(count):
        buffer = io.BytesIO()
        Image.new("RGB", (side, side), "teal").save(buffer, "PNG")
        images.append(ContentFile(buffer.getvalue(), name="shot.png"))
    return screenshots_stage(owner=owner, images=images)


def sent(owner, project, **fields):
    """A waiting submission with one screenshot."""
    submission = submit(owner, project, **fields)
    [shot] = staged(owner)
    Screenshot.objects.filter(pk=shot.pk).update(submission=submission)
    return submission, shot


def stored(shot) -> bool:
    return default_storage.exists(shot.image.name)


def left() -> set[int]:
    return set(Screenshot.objects.values_list("pk", flat=True))


def test_screenshots_never_sent_go_after_the_grace_period(learner, project):
    now = timezone.now()
    [old] = staged(learner)
    Screenshot.objects.filter(pk=old.pk).update(uploaded_at=now - 8 * DAY)
    [recent] = staged(learner)
    _, sent_long_ago = sent(learner, project)
    Screenshot.objects.filter(pk=sent_long_ago.pk).update(uploaded_at=now - 100 * DAY)

    assert screenshots_clean_up(now=now) == 1

    assert left() == {recent.pk, sent_long_ago.pk}
    assert not stored(old) and stored(recent) and stored(sent_long_ago)
    assert screenshots_clean_up(now=now) == 0  # idempotent


def test_withdrawn_submissions_screenshots_go_a_grace_period_after_the_withdrawal(
    learner, other_learner, mentor, project, settings
):
    settings.MEDIA_CLEANUP_GRACE_DAYS = 3
    withdrawn, of_withdrawn = sent(learner, project)
    assert submission_withdraw(user=learner, submission_id=withdrawn.pk)
    approved, of_approved = sent(other_learner, project)
    reviewed(approved, mentor)
    now = timezone.now()

    assert screenshots_clean_up(now=now + 2 * DAY) == 0
    assert screenshots_clean_up(now=now + 4 * DAY) == 1

    assert left() == {of_approved.pk}
    assert not stored(of_withdrawn) and stored(of_approved)
    withdrawn.refresh_from_db()
    assert withdrawn.status == SubmissionStatus.WITHDRAWN  # the submission itself stays


def test_files_no_row_names_go_once_they_are_old(learner, settings):
    [kept] = staged(learner)
    directory = settings.MEDIA_ROOT / "screenshots"
    old_stray, new_stray = directory / "old.png", directory / "new.png"
    for stray in (old_stray, new_stray):
        stray.write_bytes(b"left behind")
    eight_days_ago = (timezone.now() - 8 * DAY).timestamp()
    os.utime(old_stray, (eight_days_ago, eight_days_ago))
    os.utime(directory / kept.image.name.split("/")[-1], (eight_days_ago, eight_days_ago))

    assert screenshots_clean_up(now=timezone.now()) == 1

    assert not old_stray.exists() and new_stray.exists() and stored(kept)
    assert left() == {kept.pk}


def test_an_account_deleted_leaves_files_that_the_cleanup_takes(learner, project):
    _, shot = sent(learner, project)
    learner.delete()
    assert stored(shot)

    assert screenshots_clean_up(now=timezone.now() + 8 * DAY) == 1

    assert not stored(shot)


def test_nothing_uploaded_yet_is_nothing_to_do():
    assert screenshots_clean_up(now=timezone.now()) == 0


def test_deletions_go_through_the_storage_api_so_object_storage_is_cleaned_too(
    learner, project, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    never_sent = staged(learner, count=2)
    withdrawn, of_withdrawn = sent(learner, project)
    submission_withdraw(user=learner, submission_id=withdrawn.pk)
    default_storage.save("screenshots/stray.png", ContentFile(b"stray"))
    assert not (settings.MEDIA_ROOT / "screenshots").exists()  # nothing on disk

    assert screenshots_clean_up(now=timezone.now() + 8 * DAY) == 4

    _, files = default_storage.listdir("screenshots")
    assert files == [] and left() == set()
    assert not any(stored(shot) for shot in [*never_sent, of_withdrawn])


def test_the_cleanup_is_one_of_the_periodic_jobs(learner):
    [shot] = staged(learner)
    Screenshot.objects.filter(pk=shot.pk).update(uploaded_at=timezone.now() - 8 * DAY)
    out = StringIO()

    call_command("run_periodic_tasks", stdout=out)

    assert "portfolio.storage.screenshots_clean_up: 1" in out.getvalue()
    assert not stored(shot)


def test_the_storage_report_lists_learners_by_size_with_their_shares(
    learner, other_learner, project, settings, django_assert_max_num_queries
):
    settings.SCREENSHOT_QUOTA_MB = 1
    staged(learner, count=1, side=300)
    withdrawn, _ = sent(learner, project)
    submission_withdraw(user=learner, submission_id=withdrawn.pk)
    sent(other_learner, project)
    staged(other_learner, count=3)  # more rows cost no more queries
    sizes = {
        user: sum(Screenshot.objects.filter(owner=user).values_list("size", flat=True))
        for user in (learner, other_learner)
    }
    out = StringIO()

    with django_assert_max_num_queries(1):  # one grouped query, whatever the learners
        call_command("storage_report", stdout=out)

    header, lena, otto, total = out.getvalue().splitlines()
    assert header.split() == ["learner", "files", "bytes", "staged", "withdrawn", "of", "quota"]
    assert lena.split()[:3] == ["lena", "2", f"{sizes[learner]:,}"]
    assert otto.split()[:3] == ["otto", "4", f"{sizes[other_learner]:,}"]
    staged_share = 100 * (sizes[learner] - Screenshot.objects.get(submission=withdrawn).size)
    assert lena.split()[3] == f"{round(staged_share / sizes[learner])}%"
    assert otto.split()[4] == "0%"
    assert total.startswith("2 learner(s), 6 screenshot(s)")
