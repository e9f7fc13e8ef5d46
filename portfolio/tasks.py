"""Emails, sent by the task worker (`python manage.py db_worker`), never inside a request.

Tasks take ids, not objects: they run later, in another process, on fresh rows."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django_tasks import task

from accounts.models import User
from portfolio.models import PortfolioLink, Review, Submission
from portfolio.timekeeping import project_time_stats_refresh


@task()
def email_mentors_about_submission(submission_id: int) -> int:
    submission = Submission.objects.select_related("user", "project__track").get(pk=submission_id)
    recipients = list(
        User.objects.mentors()
        .not_away()
        .filter(notify_new_submissions=True)
        .exclude(pk=submission.user_id)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if recipients:
        _send(
            f"New submission: {submission.project.title}",
            "portfolio/email/new_submission.txt",
            {"submission": submission},
            recipients,
        )
    return len(recipients)


@task()
def email_learner_about_review(review_id: int) -> int:
    review = Review.objects.select_related("submission__user", "submission__project__track").get(
        pk=review_id
    )
    return _email_learner(
        review.submission,
        f"Your {review.submission.project.title} was reviewed: {review.outcome}",
        "portfolio/email/reviewed.txt",
        {"review": review},
    )


def _email_learner(submission, subject: str, template: str, context: dict) -> int:
    """Email the submission's learner, if they have an address; the number of emails sent."""
    if not submission.user.email:
        return 0
    _send(subject, template, {**context, "submission": submission}, [submission.user.email])
    return 1


@task()
def email_users(user_ids: list[int], subject: str, template: str, context: dict) -> int:
    """One email to each of the users (those with an address, read now: a change since the
    notice was queued counts). `context` holds plain values, rendered into `template`."""
    recipients = (
        User.objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    sent = 0
    for email in recipients:
        _send(subject, template, context, [email])
        sent += 1
    return sent


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    # Several recipients (mentors) go in Bcc: nobody sees the others' addresses.
    to, bcc = (recipients, []) if len(recipients) == 1 else ([], recipients)
    EmailMessage(f"[Roadmap] {subject}", body, settings.DEFAULT_FROM_EMAIL, to, bcc).send()


@task()
def refresh_time_stats(project_id: int) -> bool:
    """After an approval: the project's range of time taken, with one more finisher."""
    return project_time_stats_refresh(project_id) is not None


@task()
def email_learner_about_broken_link(link_id: int) -> int:
    link = PortfolioLink.objects.select_related("submission__user", "submission__project").get(
        pk=link_id
    )
    return _email_learner(
        link.submission,
        f"A link of your {link.submission.project.title} is broken",
        "portfolio/email/broken_link.txt",
        {"link": link},
    )
