"""Notifications: in-app for mentors and learners, emails sent by the task worker."""

import pytest
from django.core import mail
from django.urls import reverse

from curriculum.models import Project
from portfolio.models import Notification, Submission, Verdict
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create
from portfolio.submissions import submission_create
from portfolio.tasks import email_mentors_about_submission
from tests.conftest import run_worker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")


def submit(user, project):
    return submission_create(
        user=user, project=project, repository_url="https://github.com/lena/md2html"
    )


def test_a_submission_notifies_mentors_in_the_app_and_by_email_through_the_worker(
    worker_ready, client, learner, mentor, project
):
    quiet = UserFactory(username="quiet")
    quiet.make_mentor()
    quiet.notify_new_submissions = False
    quiet.save()
    client.force_login(learner)

    client.post(
        reverse("portfolio:submission-new", args=[project.track.slug, project.slug]),
        {"repository_url": "https://github.com/lena/md2html", "demo_url": "", "write_up": ""},
    )

    assert Submission.objects.count() == 1
    assert mail.outbox == []  # nothing is sent inside the request
    mentor.refresh_from_db()
    assert mentor.unread_notifications == 1
    assert Notification.objects.filter(user=quiet).count() == 1
    assert not Notification.objects.filter(user=learner).exists()

    run_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].recipients() == [mentor.email]  # not the one who switched it off
    assert "Markdown → HTML Converter" in mail.outbox[0].subject
    assert "/review/" in mail.outbox[0].body


def test_a_review_notifies_the_learner_by_email_through_the_worker(
    worker_ready, learner, mentor, project
):
    submission = submit(learner, project)
    run_worker()
    mail.outbox.clear()
    assert submission_claim(submission_id=submission.pk, mentor=mentor)
    submission.refresh_from_db()

    review_create(
        submission=submission,
        reviewer=mentor,
        verdict=Verdict.REQUEST_CHANGES,
        comment="Add tests for the TOC.",
        rubric={},
    )
    assert mail.outbox == []
    run_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    assert mail.outbox[0].subject.endswith("was reviewed: changes requested")
    assert "Add tests for the TOC." in mail.outbox[0].body
    learner.refresh_from_db()
    assert learner.unread_notifications == 1


def test_the_notifications_page_lists_them_and_clears_the_unread_count(
    client, learner, mentor, project, django_assert_max_num_queries
):
    submit(learner, project)
    client.force_login(mentor)
    assert '1<span class="visually-hidden"> unread</span>' in client.get("/").content.decode()

    # session, user, is the user a mentor (the header's Review link), notifications, mark
    # read, reset the count (in a transaction)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("portfolio:notifications"))

    assert (
        "Lena Learner submitted Markdown → HTML Converter for review." in response.content.decode()
    )
    mentor.refresh_from_db()
    assert mentor.unread_notifications == 0
    assert Notification.objects.filter(user=mentor, read_at__isnull=True).count() == 0


def test_notifications_are_private(client, learner, other_learner, mentor, project):
    submit(learner, project)
    client.force_login(other_learner)

    body = client.get(reverse("portfolio:notifications")).content.decode()

    assert "No notifications yet." in body
    assert client.get(reverse("portfolio:notifications")).status_code == 200
    client.logout()
    assert client.get(reverse("portfolio:notifications")).status_code == 302


def test_mentors_can_switch_new_submission_emails_off_on_their_profile(client, mentor):
    client.force_login(mentor)

    client.post(
        reverse("accounts:profile"),
        {
            "username": "mira",
            "display_name": "Mira",
            "bio": "",
            "github_username": "",
            "notify_new_submissions": "",
        },
    )

    mentor.refresh_from_db()
    assert mentor.notify_new_submissions is False


def test_admins_hear_of_new_submissions_and_staff_who_are_not_mentors_do_not(
    learner, mentor, site_admin, project
):
    staff_only = UserFactory(username="stan", is_staff=True)

    submission = submit(learner, project)
    sent_to = email_mentors_about_submission.call(submission.pk)

    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"mira", "ada"}
    assert sent_to == 2
    assert staff_only.email not in mail.outbox[-1].recipients()
    assert set(mail.outbox[-1].recipients()) == {mentor.email, site_admin.email}


def test_a_long_name_and_title_are_shortened_in_the_notification(learner, mentor, project):
    learner.display_name = "L" * 80
    learner.save(update_fields=["display_name"])
    Project.objects.filter(pk=project.pk).update(title="T" * 200)
    project.refresh_from_db()

    submit(learner, project)

    message = Notification.objects.get(user=mentor).message
    assert len(message) == 300
    assert message.endswith("…")
