"""In-app notifications and the emails that go with them."""

from collections import Counter

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import Truncator

from accounts.models import User
from portfolio.models import Notification, Review, Submission, Verdict
from portfolio.tasks import email_learner_about_review, email_mentors_about_submission, email_users


def notify(users, message: str, url: str = "") -> None:
    users = list(users)
    # Names and titles are long enough to overflow the column together: shorten, never fail.
    message = Truncator(message).chars(Notification._meta.get_field("message").max_length)
    Notification.objects.bulk_create(
        [Notification(user=user, message=message, url=url) for user in users]
    )
    User.objects.filter(pk__in=[user.pk for user in users]).update(
        unread_notifications=F("unread_notifications") + 1
    )


def notify_and_email(users, message: str, url: str, *, template: str, context: dict) -> None:
    """An in-app notice, and the same news by email (sent by the worker): `message` is the
    subject, `template` the body, rendered with `context` (plain values), `message` and the
    absolute `url`."""
    users = list(users)
    if not users:
        return
    notify(users, message, url)
    email_users.enqueue(
        [user.pk for user in users], message, template, {**context, "message": message, "url": url}
    )


def submission_thread_url(submission, user) -> str:
    """Where `user` reads the conversation on `submission`: the learner on their submission's
    page, mentors and admins on the review page."""
    if user.pk == submission.user_id:
        return reverse("portfolio:submission", args=[submission.pk])
    return reverse("review:submission", args=[submission.pk])


def notify_new_submission(submission: Submission) -> None:
    """Tell every mentor (but the submitter and those away) in the app, and by email those who
    want it."""
    mentors = User.objects.mentors().not_away().exclude(pk=submission.user_id)
    notify(
        mentors,
        f"{submission.user.name} submitted {submission.project.title} for review.",
        reverse("review:submission", args=[submission.pk]),
    )
    email_mentors_about_submission.enqueue(submission.pk)


def notify_reviewed(review: Review) -> None:
    submission = review.submission
    # An approval is celebrated on the dashboard; changes are read beside the submission.
    url = (
        reverse("portfolio:dashboard")
        if review.verdict == Verdict.APPROVE
        else f"{submission.project.get_absolute_url()}#submissions"
    )
    notify(
        [submission.user], f"Your {submission.project.title} was reviewed: {review.outcome}.", url
    )
    email_learner_about_review.enqueue(review.pk)


def notify_message(message, recipients) -> None:
    """Tell the other side of the conversation that `message` was written, each where they
    read it."""
    submission = message.submission
    for user in recipients:
        notify_and_email(
            [user],
            f"{message.author.name} wrote about {submission.project.title} "
            f"(iteration {submission.iteration}).",
            f"{submission_thread_url(submission, user)}#message-{message.pk}",
            template="portfolio/email/message.txt",
            context={"body": message.body},
        )


def notify_claim_expiring(submission: Submission) -> None:
    mentor = submission.claimed_by
    expires_at = date_format(timezone.localtime(submission.claim_expires_at), "j M, H:i T")
    notify_and_email(
        [mentor],
        f"Your claim on {submission.project.title} expires on {expires_at}: review it or "
        f"leave it for another mentor.",
        submission_thread_url(submission, mentor),
        template="portfolio/email/claim_expiring.txt",
        context={"title": submission.project.title},
    )


def notify_conversation_waiting(submission: Submission, user, *, closes_at) -> None:
    """Remind `user`, who owes the conversation an answer, that it closes without one."""
    notify_and_email(
        [user],
        f"The conversation about {submission.project.title} waits for your answer; it closes "
        f"on {date_format(timezone.localtime(closes_at), 'j M Y')} without one.",
        submission_thread_url(submission, user),
        template="portfolio/email/conversation_waiting.txt",
        context={"title": submission.project.title},
    )


def notify_conversation_timed_out(submission: Submission, users) -> None:
    for user in users:
        notify(
            [user],
            f"The conversation about {submission.project.title} closed: nobody answered.",
            submission_thread_url(submission, user),
        )


def notify_overdue(admins, submissions: list[Submission], *, total: int, target_days: int):
    """The daily report to admins of the submissions waiting longer than the target."""
    notify_and_email(
        admins,
        f"{total} submission{'s' if total != 1 else ''} waited longer than {target_days} "
        f"days for a review.",
        reverse("review:queue"),
        template="portfolio/email/overdue.txt",
        context={
            "total": total,
            "submissions": [
                {
                    "title": submission.project.title,
                    "learner": submission.user.name,
                    "submitted": date_format(timezone.localtime(submission.submitted_at), "j M Y"),
                    "url": reverse("review:submission", args=[submission.pk]),
                }
                for submission in submissions
            ],
        },
    )


@transaction.atomic
def notifications_read(user) -> list[Notification]:
    """The user's latest notifications; marks them read and resets the unread count."""
    latest = list(Notification.objects.filter(user=user)[:50])
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    User.objects.filter(pk=user.pk).update(unread_notifications=0)
    return latest


def notifications_withdraw(urls) -> int:
    """Remove the notices that link to `urls` (pages that are going away, and whose notices
    name who they were about), keeping each recipient's unread count true."""
    notices = Notification.objects.filter(url__in=urls)
    unread = Counter(notices.filter(read_at__isnull=True).values_list("user_id", flat=True))
    for user_id, count in unread.items():
        User.objects.filter(pk=user_id).update(
            unread_notifications=Greatest(F("unread_notifications") - count, 0)
        )
    return notices.delete()[0]
