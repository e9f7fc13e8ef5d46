"""A learner's data: everything exported as one streamed zip, and the account deleted on
their password (and second factor), taking what mentors wrote about their work with it while
the catalog, and the reviews a departing mentor gave others, stay."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from accounts.demo import totp_code
from accounts.models import DeletedAccount, User
from curriculum.models import Project
from portfolio.models import (
    Notification,
    Review,
    Screenshot,
    Submission,
    SubmissionStatus,
    TimeEntry,
    Verdict,
)
from portfolio.progress import milestone_set_done
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create
from portfolio.submissions import submission_create
from tests.factories import PASSWORD, TOTP_SECRET, add_two_factor

pytestmark = pytest.mark.django_db

EXPORT = reverse("account-data:export")
DELETE = reverse("account-data:delete")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def projects(count):
    return list(Project.objects.published().order_by("pk")[:count])


def reviewed_work(learner, mentor, project, comment="Add tests for the parser."):
    """A submission with a screenshot, reviewed by `mentor`."""
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(image, format="PNG")
    shot = Screenshot.objects.create(owner=learner, image=ContentFile(image.getvalue(), "s.png"))
    submission = submission_create(
        user=learner,
        project=project,
        repository_url="https://github.com/lena/work",
        write_up="My **write-up**.",
        screenshots=[shot],
    )
    submission_claim(submission_id=submission.pk, mentor=mentor)
    review_create(
        submission=submission,
        reviewer=mentor,
        verdict=Verdict.REQUEST_CHANGES,
        comment=comment,
        rubric={},
    )
    return submission


def read_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


# Export


def test_the_export_holds_everything_of_the_learners_and_nothing_of_anyone_elses(
    client, learner, other_learner, mentor
):
    project, other_project = projects(2)
    milestone_set_done(user=learner, milestone=project.milestones.first(), done=True)
    submission = reviewed_work(learner, mentor, project)
    reviewed_work(other_learner, mentor, other_project, comment="Someone else's review.")
    TimeEntry.objects.create(user=learner, project=project, minutes=45, note="parser")
    client.force_login(learner)

    response = client.post(EXPORT)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert 'filename="roadmap-lena-' in response["Content-Disposition"]
    archive = read_zip(response)
    profile = json.loads(archive.read("profile.json"))[0]
    submissions = json.loads(archive.read("submissions.json"))
    assert (profile["handle"], profile["email"]) == ("lena", learner.email)
    assert [s["project"] for s in submissions] == [project.title]
    assert submissions[0]["review"]["comment"] == "Add tests for the parser."
    assert submissions[0]["review"]["reviewer"] == "Mira Mentor"
    assert json.loads(archive.read("time_entries.json"))[0]["note"] == "parser"
    conversation = json.loads(archive.read("messages.json"))
    assert {entry["author"] for entry in conversation} == {"Mira Mentor"}  # claim, review
    assert len(json.loads(archive.read("milestones.json"))) == 1
    shot_name = submissions[0]["screenshots"][0]
    assert archive.read(shot_name) == submission.screenshots.get().image.read()
    assert "Someone else" not in b"".join(archive.read(n) for n in archive.namelist()).decode(
        errors="ignore"
    )


@pytest.mark.parametrize("count", [1, 8])
def test_the_export_costs_the_same_queries_however_much_there_is(
    client, learner, mentor, count, django_assert_max_num_queries
):
    for project in projects(count):
        reviewed_work(learner, mentor, project)
    client.force_login(learner)

    # session, user; the rate limit on the database cache (12: lock, read, write, unlock,
    # with their savepoints and cull counts; a few round trips on Redis); screenshots to
    # add; the ticks (progress, earlier progress, ticks, earlier ticks); then, while
    # streaming: email addresses, progress, submissions with their reviews, their
    # screenshots, time entries, cohorts, restarts, credentials, messages, notifications
    with django_assert_max_num_queries(29):
        b"".join(client.post(EXPORT).streaming_content)


def test_the_export_is_a_post_for_the_signed_in_user_only(client, learner):
    assert client.post(EXPORT).status_code == 302  # to sign in
    client.force_login(learner)
    assert client.get(EXPORT).status_code == 405


# Deletion


def test_a_learner_deletes_their_account_with_their_password(
    client, learner, other_learner, mentor, django_capture_on_commit_callbacks
):
    project, other_project = projects(2)
    submission = reviewed_work(learner, mentor, project)
    kept = reviewed_work(other_learner, mentor, other_project)
    file_name = submission.screenshots.get().image.name
    mentor.refresh_from_db()
    unread_before = mentor.unread_notifications
    client.force_login(learner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=learner.pk).exists()
    assert "_auth_user_id" not in client.session
    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert not Review.objects.filter(submission_id=submission.pk).exists()
    assert not default_storage.exists(file_name)
    # What mentors were told about the learner's work goes too, and their counts follow.
    url = reverse("review:submission", args=[submission.pk])
    assert not Notification.objects.filter(url=url).exists()
    mentor.refresh_from_db()
    assert mentor.unread_notifications == unread_before - 1
    # The catalog and everyone else's work stay.
    assert Project.objects.filter(pk=project.pk).exists()
    assert Submission.objects.filter(pk=kept.pk).exists()
    assert Review.objects.filter(submission=kept).exists()


def test_the_audit_row_says_who_and_how_much_never_what(client, learner, mentor):
    reviewed_work(learner, mentor, projects(1)[0], comment="A private comment.")
    client.force_login(learner)

    client.post(DELETE, {"password": PASSWORD})

    record = DeletedAccount.objects.get()
    assert (record.user_id, record.handle, record.was_mentor) == (learner.pk, "lena", False)
    assert record.counts["portfolio.Submission"] == 1
    assert record.counts["portfolio.Review"] == 1
    assert record.counts["screenshot files"] == 1
    assert "private comment" not in json.dumps(record.counts)


def test_a_wrong_password_deletes_nothing(client, learner):
    client.force_login(learner)

    response = client.post(DELETE, {"password": "not my password"})

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists()
    assert not DeletedAccount.objects.exists()


def test_with_a_second_factor_deleting_also_takes_a_code(client, learner):
    add_two_factor(learner)
    client.force_login(learner)

    without_code = client.post(DELETE, {"password": PASSWORD})
    wrong_code = client.post(DELETE, {"password": PASSWORD, "code": "000000"})
    assert without_code.status_code == wrong_code.status_code == 200
    assert User.objects.filter(pk=learner.pk).exists()

    client.post(DELETE, {"password": PASSWORD, "code": totp_code(TOTP_SECRET)})
    assert not User.objects.filter(pk=learner.pk).exists()


def test_a_departing_mentors_reviews_stay_signed_a_former_mentor(
    client, learner, other_learner, mentor
):
    project, other_project = projects(2)
    submission = reviewed_work(learner, mentor, project)
    claimed = submission_create(
        user=other_learner, project=other_project, repository_url="https://x.org/r"
    )
    submission_claim(submission_id=claimed.pk, mentor=mentor)
    client.force_login(mentor)

    response = client.post(DELETE, {"password": PASSWORD, "code": totp_code(TOTP_SECRET)})

    assert response.status_code == 302
    review = Review.objects.get(submission=submission)
    assert review.reviewer is None
    claimed.refresh_from_db()
    assert (claimed.status, claimed.claimed_by) == (SubmissionStatus.WAITING, None)
    client.force_login(learner)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "a former mentor" in page
    assert DeletedAccount.objects.get().was_mentor


def test_admins_see_who_deleted_their_account_but_cannot_change_it(client, learner, site_admin):
    client.force_login(learner)
    client.post(DELETE, {"password": PASSWORD})
    client.force_login(site_admin)

    listing = client.get(reverse("admin:accounts_deletedaccount_changelist"))

    assert listing.status_code == 200
    assert "lena" in listing.content.decode()
    assert client.get(reverse("admin:accounts_deletedaccount_add")).status_code == 403


def test_an_approved_learner_with_credentials_deletes_their_account(client, learner, mentor):
    project = projects(1)[0]
    submission = submission_create(user=learner, project=project, repository_url="https://x.org")
    submission_claim(submission_id=submission.pk, mentor=mentor)
    review_create(
        submission=submission, reviewer=mentor, verdict=Verdict.APPROVE, comment="", rubric={}
    )
    assert learner.credentials.exists()
    client.force_login(learner)

    exported = read_zip(client.post(EXPORT))
    response = client.post(DELETE, {"password": PASSWORD})

    assert json.loads(exported.read("credentials.json"))[0]["name"]
    assert response.status_code == 302
    assert not User.objects.filter(pk=learner.pk).exists()
    assert DeletedAccount.objects.get().counts["portfolio.Credential"] >= 1
