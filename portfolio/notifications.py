"""In-app notifications and the emails that go with them."""

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from portfolio.models import Notification, Review, Submission, Verdict
from portfolio.tasks import email_learner_about_review, email_mentors_about_submission


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


def notify_new_submission(submission: Submission) -> None:
    """Tell every mentor (but the submitter) in the app, and by email those who want it."""
    mentors = User.objects.mentors().exclude(pk=submission.user_id)
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


@transaction.atomic
def notifications_read(user) -> list[Notification]:
    """The user's latest notifications; marks them read and resets the unread count."""
    latest = list(Notification.objects.filter(user=user)[:50])
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    User.objects.filter(pk=user.pk).update(unread_notifications=0)
    return latest
