"""The review's periodic jobs, run by `manage.py run_periodic_tasks` (settings.PERIODIC_JOBS).

Each takes `now`, does what is due at that moment and returns how many notices it sent. Each
is idempotent: a second run at once finds nothing due, and two runs at once cannot both send
(every notice is claimed by a conditional UPDATE, or a unique row, before it goes out).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from portfolio.models import CLAIM_EXPIRES_AFTER, DailyNotice, Submission
from portfolio.notifications import (
    notify_claim_expiring,
    notify_conversation_timed_out,
    notify_conversation_waiting,
    notify_overdue,
)
from portfolio.review.conversation import (
    close_after,
    conversation_mark_reminded,
    conversation_time_out,
    conversations_due_a_reminder,
    conversations_due_to_close,
    owing_side,
)
from portfolio.review.queue import overdue_submissions

NOT_REMINDED_OF_THIS_CLAIM = Q(claim_reminded_at__isnull=True) | Q(
    claim_reminded_at__lt=F("claimed_at")
)
OVERDUE_REPORT = "overdue-report"
OVERDUE_LISTED = 50


def claims_remind(*, now) -> int:
    """Remind each mentor whose claim expires within REVIEW_CLAIM_REMINDER_HOURS, once per
    claim."""
    warn_before = timedelta(hours=settings.REVIEW_CLAIM_REMINDER_HOURS)
    due = (
        Submission.objects.claimed_live(now)
        .filter(NOT_REMINDED_OF_THIS_CLAIM, claimed_at__lte=now - CLAIM_EXPIRES_AFTER + warn_before)
        .select_related("claimed_by", "project")
    )
    sent = 0
    for submission in due:
        with transaction.atomic():
            marked = (
                Submission.objects.filter(NOT_REMINDED_OF_THIS_CLAIM, pk=submission.pk)
                .filter(claimed_by=submission.claimed_by, claimed_at=submission.claimed_at)
                .update(claim_reminded_at=now)
            )
            if marked:
                notify_claim_expiring(submission)
                sent += 1
    return sent


def conversations_remind(*, now) -> int:
    """Remind the side that owes an answer after CONVERSATION_REMIND_AFTER_DAYS, once per
    wait."""
    sent = 0
    for submission in conversations_due_a_reminder(now):
        with transaction.atomic():
            if conversation_mark_reminded(submission, now):
                closes_at = submission.last_at + close_after()
                notify_conversation_waiting(submission, owing_side(submission), closes_at=closes_at)
                sent += 1
    return sent


def conversations_close(*, now) -> int:
    """Close the conversations nobody answered for CONVERSATION_CLOSE_AFTER_DAYS."""
    closed = 0
    for submission in conversations_due_to_close(now):
        with transaction.atomic():
            if conversation_time_out(submission, now):
                notify_conversation_timed_out(
                    submission, [submission.user, submission.review.reviewer]
                )
                closed += 1
    return closed


def overdue_report(*, now) -> int:
    """Once a day, tell the admins which submissions waited longer than the target, when
    some did. Returns how many admins were told."""
    overdue = overdue_submissions(now)
    listed = list(
        overdue.select_related("user", "project").order_by("submitted_at")[:OVERDUE_LISTED]
    )
    admins = list(User.objects.filter(is_superuser=True, is_active=True))
    if not listed or not admins:
        return 0
    try:
        with transaction.atomic():
            DailyNotice.objects.create(kind=OVERDUE_REPORT, day=timezone.localdate(now))
            notify_overdue(
                admins,
                listed,
                total=overdue.count(),
                target_days=settings.REVIEW_WAIT_TARGET_DAYS,
            )
    except IntegrityError:  # today's report went out already
        return 0
    return len(admins)
