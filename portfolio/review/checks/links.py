"""Approved portfolio links, re-checked every month; the learner hears when one breaks.

A link is broken when it fails two checks in a row (404, an error status, unreachable): one
failure may be a server's bad minute, and telling the learner about it would be crying wolf.
The second check comes a day after the first failure, not a month. The learner is told once
per breakage; a link that works again and later breaks is a new breakage."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portfolio.models import LinkKind, PortfolioLink, Submission, SubmissionStatus
from portfolio.notifications import notify
from portfolio.review.checks.web import LinkAnswer, link_check
from portfolio.tasks import email_learner_about_broken_link

RECHECK_EVERY = timedelta(days=30)
# A day after a failure, give or take: a daily run that starts a little early still confirms it.
CONFIRM_AFTER = timedelta(hours=20)
BROKEN_AFTER_FAILURES = 2


def portfolio_links_due(now=None):
    """The approved submissions' links whose check is due: never checked, checked over a
    month ago, or failed once and not confirmed for a day. Creates the rows of links approved
    since the last run."""
    now = now or timezone.now()
    approved = Submission.objects.filter(status=SubmissionStatus.APPROVED)
    PortfolioLink.objects.bulk_create(
        [
            PortfolioLink(submission_id=pk, kind=kind)
            for kind in LinkKind
            for pk in approved.exclude(**{kind.value: ""}).values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )
    unconfirmed = Q(failures__gt=0, broken_notified_at__isnull=True)
    return (
        PortfolioLink.objects.filter(submission__status=SubmissionStatus.APPROVED)
        .filter(
            Q(checked_at__isnull=True)
            | Q(checked_at__lte=now - RECHECK_EVERY)
            | (unconfirmed & Q(checked_at__lte=now - CONFIRM_AFTER))
        )
        .select_related("submission__project__track", "submission__user")
        .order_by("pk")
    )


def portfolio_link_record(*, link: PortfolioLink, answer: LinkAnswer, now=None) -> bool:
    """Record a check of `link`; True when it told the learner that the link broke."""
    now = now or timezone.now()
    if answer.inconclusive:
        return False  # still due: the next run asks again
    with transaction.atomic():
        row = PortfolioLink.objects.select_for_update().get(pk=link.pk)
        row.failures = 0 if answer.answers else row.failures + 1
        if answer.answers:
            row.broken_notified_at = None
        row.last_status, row.last_problem, row.checked_at = answer.status, answer.problem, now
        tell = row.failures >= BROKEN_AFTER_FAILURES and row.broken_notified_at is None
        if tell:
            row.broken_notified_at = now
            _notify_broken(link, answer)
        row.save()
    return tell


def _notify_broken(link: PortfolioLink, answer: LinkAnswer) -> None:
    submission = link.submission
    notify(
        [submission.user],
        f"The {link.get_kind_display()} link of your {submission.project.title} is broken "
        f"({answer.problem}): {link.url}",
        f"{submission.project.get_absolute_url()}#submissions",
    )
    email_learner_about_broken_link.enqueue(link.pk)


def recheck_portfolio_links(now=None) -> tuple[int, int, int]:
    """Check every due link: (checked, broken now, learners told)."""
    checked = broken = told = 0
    for link in portfolio_links_due(now):
        answer = link_check(link.url)
        checked += 1
        broken += not answer.answers and not answer.inconclusive
        told += portfolio_link_record(link=link, answer=answer, now=now)
    return checked, broken, told
