"""Periodic work: claim reminders, conversation timeouts and the daily overdue report, each
run by `manage.py run_periodic_tasks`, idempotently. Time moves by dating what happened (or
by handing the jobs a later `now`), never by sleeping."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from portfolio.models import DailyNotice, MessageKind, Notification, Verdict
from portfolio.review.conversation import conversation_post
from portfolio.review.periodic import (
    claims_remind,
    conversations_close,
    conversations_remind,
    overdue_report,
)
from tests.conftest import run_worker
from tests.factories import UserFactory
from tests.portfolio.review_helpers import (
    claimed,
    learner_page_url,
    markdown_project,
    review_page_url,
    reviewed,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(learner, project):
    return submit(learner, project, hours_ago=50)


def notices(user):
    return list(Notification.objects.filter(user=user).values_list("message", flat=True))


def run_periodic_tasks():
    out = StringIO()
    call_command("run_periodic_tasks", stdout=out)
    return out.getvalue()


# Claims about to expire


def test_a_mentor_is_reminded_6_hours_before_their_claim_expires_once(
    mentor, other_mentor, learner, project
):
    due = claimed(submit(learner, project), mentor, hours_ago=43)
    not_yet = claimed(submit(UserFactory(username="later"), project), other_mentor, hours_ago=41)

    run_periodic_tasks()
    run_periodic_tasks()

    [notice] = Notification.objects.filter(user=mentor)
    assert notice.message.startswith("Your claim on Markdown → HTML Converter expires on ")
    assert notice.message.endswith(": review it or leave it for another mentor.")
    assert notice.url == review_page_url(due)
    assert not Notification.objects.filter(user=other_mentor).exists()
    not_yet.refresh_from_db()
    assert not_yet.claim_reminded_at is None


def test_a_new_claim_gets_its_own_reminder(mentor, other_mentor, submission):
    now = timezone.now()
    claimed(submission, mentor, hours_ago=47)
    assert claims_remind(now=now) == 1
    claimed(submission, other_mentor, hours_ago=-2)  # the first claim expired at now + 1 h

    assert claims_remind(now=now + timedelta(hours=2)) == 0
    assert claims_remind(now=now + timedelta(hours=45)) == 1
    assert len(notices(other_mentor)) == 1


def test_the_reminder_comes_as_many_hours_before_expiry_as_configured(mentor, submission, settings):
    settings.REVIEW_CLAIM_REMINDER_HOURS = 12
    claimed(submission, mentor, hours_ago=37)

    assert claims_remind(now=timezone.now()) == 1


def test_reviewed_or_expired_claims_get_no_reminder(mentor, other_mentor, submission, project):
    reviewed(submission, mentor, hours_ago=43)
    claimed(submit(UserFactory(username="gone"), project), other_mentor, hours_ago=49)

    assert claims_remind(now=timezone.now()) == 0


# Conversations nobody answers


def test_the_side_that_owes_an_answer_is_reminded_once_per_wait_then_it_closes(
    learner, mentor, submission
):
    start = timezone.now()
    reviewed(submission, mentor, verdict=Verdict.REQUEST_CHANGES, comment="Add tests.")
    Notification.objects.all().delete()

    # The verdict is the mentor's: the learner owes the answer.
    assert conversations_remind(now=start + timedelta(days=13)) == 0
    assert conversations_remind(now=start + timedelta(days=15)) == 1
    assert conversations_remind(now=start + timedelta(days=15, hours=1)) == 0
    [reminder] = notices(learner)
    assert reminder.startswith(
        "The conversation about Markdown → HTML Converter waits for your answer; it closes on "
    )
    # The learner answers: a new wait starts, and now the mentor owes the answer.
    conversation_post(
        submission=submission, author=learner, body="Unit tests?", now=start + timedelta(days=16)
    )
    Notification.objects.all().delete()
    assert conversations_remind(now=start + timedelta(days=29)) == 0
    assert conversations_close(now=start + timedelta(days=29)) == 0
    assert conversations_remind(now=start + timedelta(days=31)) == 1
    assert notices(mentor)[0].startswith("The conversation about Markdown → HTML Converter")
    assert notices(learner) == []

    assert conversations_close(now=start + timedelta(days=43)) == 0
    assert conversations_close(now=start + timedelta(days=45)) == 1
    assert conversations_close(now=start + timedelta(days=46)) == 0

    submission.refresh_from_db()
    assert submission.conversation_closed_at is not None
    assert submission.messages.last().kind == MessageKind.TIMED_OUT
    closed = "The conversation about Markdown → HTML Converter closed: nobody answered."
    assert closed in notices(learner) and closed in notices(mentor)


def test_the_timeouts_are_configurable(learner, mentor, submission, settings):
    settings.CONVERSATION_REMIND_AFTER_DAYS = 2
    settings.CONVERSATION_CLOSE_AFTER_DAYS = 3
    start = timezone.now()
    reviewed(submission, mentor)

    assert conversations_remind(now=start + timedelta(days=2, hours=1)) == 1
    assert conversations_close(now=start + timedelta(days=3, hours=1)) == 1


def test_before_the_verdict_the_claim_keeps_time_not_the_conversation(learner, mentor, submission):
    claimed(submission, mentor)
    conversation_post(submission=submission, author=mentor, body="Where is the README?")
    later = timezone.now() + timedelta(days=40)

    assert conversations_remind(now=later) == 0
    assert conversations_close(now=later) == 0
    submission.refresh_from_db()
    assert submission.conversation_closed_at is None


def test_a_closed_conversation_is_left_alone(client, learner, mentor, submission):
    reviewed(submission, mentor)
    client.force_login(learner)
    client.post(f"{learner_page_url(submission)}close/")
    later = timezone.now() + timedelta(days=40)

    assert conversations_remind(now=later) == 0
    assert conversations_close(now=later) == 0
    assert list(submission.messages.values_list("kind", flat=True)) == [
        "claimed",
        "reviewed",
        "closed",
    ]


# The daily report of submissions waiting too long


def test_admins_get_one_overdue_report_a_day_when_some_wait_too_long(
    learner, other_learner, site_admin, mentor, project
):
    submit(learner, project, hours_ago=24 * 4)
    submit(other_learner, project, hours_ago=24)
    now = timezone.now()

    assert overdue_report(now=now) == 1
    assert overdue_report(now=now + timedelta(minutes=5)) == 0
    assert overdue_report(now=now + timedelta(days=1)) == 1

    assert notices(site_admin) == ["1 submission waited longer than 3 days for a review."] * 2
    assert notices(mentor) == []  # admins only
    assert DailyNotice.objects.count() == 2


def test_no_report_when_nothing_waits_too_long(site_admin, learner, mentor, project):
    submit(learner, project, hours_ago=24 * 2)
    claimed(submit(UserFactory(username="old"), project, hours_ago=24 * 9), mentor)

    assert overdue_report(now=timezone.now()) == 0
    assert not DailyNotice.objects.exists()
    assert notices(site_admin) == []


# The command


def test_the_command_runs_every_job_and_a_second_run_sends_nothing(
    learner, mentor, site_admin, project
):
    claimed(submit(learner, project, hours_ago=24 * 5), mentor, hours_ago=43)
    submit(UserFactory(username="old"), markdown_project(), hours_ago=24 * 4)
    Notification.objects.all().delete()

    first = run_periodic_tasks()
    second = run_periodic_tasks()

    assert "portfolio.review.periodic.claims_remind: 1" in first
    assert "portfolio.review.periodic.overdue_report: 1" in first
    assert "portfolio.review.periodic.claims_remind: 0" in second
    assert "portfolio.review.periodic.overdue_report: 0" in second
    assert Notification.objects.count() == 2


def test_a_failing_job_does_not_stop_the_others(learner, mentor, project, settings):
    claimed(submit(learner, project), mentor, hours_ago=43)
    settings.PERIODIC_JOBS = ["portfolio.review.periodic.no_such_job", *settings.PERIODIC_JOBS]

    with pytest.raises(CommandError, match=r"Failed: portfolio\.review\.periodic\.no_such_job"):
        run_periodic_tasks()

    assert len(notices(mentor)) == 1


def test_the_reminders_and_the_report_are_emailed_by_the_worker(worker_ready):
    learner = UserFactory(username="lena", display_name="Lena Learner")
    mentor = UserFactory(username="mira", display_name="Mira Mentor")
    mentor.make_mentor()
    admin = UserFactory(username="ada", is_staff=True, is_superuser=True)
    project = markdown_project()
    claimed(submit(learner, project, hours_ago=24 * 4), mentor, hours_ago=43)
    answered = submit(UserFactory(username="otto"), project, hours_ago=24 * 20)
    reviewed(answered, mentor, hours_ago=24 * 15)
    submit(UserFactory(username="waiting"), project, hours_ago=24 * 4)

    run_periodic_tasks()
    run_worker()

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {(mentor.email,), (admin.email,), ("otto@example.com",)}
    assert "expires on" in by_recipient[(mentor.email,)].subject
    assert "review it or leave it" in by_recipient[(mentor.email,)].subject
    assert "waited longer than 3 days" in by_recipient[(admin.email,)].subject
    assert (
        "Markdown → HTML Converter by waiting, waiting since" in by_recipient[(admin.email,)].body
    )
    waiting = by_recipient[("otto@example.com",)]
    assert "waits for your answer" in waiting.subject
    assert learner_page_url(answered) in waiting.body
