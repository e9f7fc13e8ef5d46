"""The conversation on a submission: who takes part, who may write, and how it ends.

It starts with the first claim and runs until the learner closes it after the verdict (or a
new iteration continues it, or nobody answers for CONVERSATION_CLOSE_AFTER_DAYS after the
verdict). The learner, the mentor on the other side (the live claimant before the verdict, the
reviewer after it) and admins take part; everyone else is told the thread does not exist.
Events (claimed, left, reviewed, closed…) are entries of the same timeline, so that the
verdict shows where it was given.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from portfolio.models import (
    CLOSING_KINDS,
    Message,
    MessageKind,
    Review,
    Submission,
    SubmissionStatus,
)
from portfolio.notifications import notify_message
from portfolio.review.queue import live_claimant

CLOSED_MESSAGE = "This conversation is closed: nothing more can be written here."
NOT_STARTED_MESSAGE = "The conversation starts when a mentor claims the submission."
NOT_REVIEWED_MESSAGE = "The conversation can be closed once the mentor has given the verdict."


class CannotPost(Exception):
    """The user may not write in this conversation now; the message says why."""


def review_of(submission) -> Review | None:
    try:
        return submission.review
    except Review.DoesNotExist:
        return None


def conversation_mentor(submission, now=None):
    """The mentor on the learner's other side: the reviewer once there is a verdict, the live
    claimant before it, or None (waiting in the queue)."""
    review = review_of(submission)
    return review.reviewer if review else live_claimant(submission, now)


def is_participant(submission, user, now=None) -> bool:
    if not user.is_authenticated:
        return False
    if user.pk == submission.user_id or user.is_superuser:
        return True
    mentor = conversation_mentor(submission, now)
    return mentor is not None and mentor.pk == user.pk


def thread_entries(submission, after: int = 0):
    return submission.messages.filter(pk__gt=after).select_related("author").order_by("pk")


def post_refusal(submission, user, *, started: bool, now=None) -> str | None:
    """Why `user`, a participant, may not write now; None when they may."""
    if submission.conversation_closed_at or submission.status == SubmissionStatus.WITHDRAWN:
        return CLOSED_MESSAGE
    if not started:
        return NOT_STARTED_MESSAGE
    if not is_participant(submission, user, now):
        return "Only the learner and the mentor reviewing the submission write here."
    return None


@dataclass(frozen=True)
class Thread:
    """What a conversation shows `user`: its entries, whether they may write (`refusal` says
    why not) and whether they may close it. For an update (the entries after those shown),
    `changed` says whether the entries change what the user may do, `starts_or_ends`
    whether they may now write, or no longer (the message form comes or goes: it is not
    replaced otherwise, so that nobody loses what they are typing), and `moves_submission`
    whether the submission itself moved on (claimed, left, reviewed)."""

    submission: Submission
    entries: list[Message]
    refusal: str | None
    can_close: bool
    changed: bool = False
    starts_or_ends: bool = False
    moves_submission: bool = False

    @property
    def last_id(self) -> int:
        return self.entries[-1].pk if self.entries else 0

    @property
    def is_open(self) -> bool:
        return self.refusal != CLOSED_MESSAGE

    @property
    def poll_seconds(self) -> int:
        return settings.CONVERSATION_POLL_SECONDS


# Entries after which the user may do something else: write (the first entry starts the
# conversation), close it (the verdict), nothing more (a close).
CHANGES_WHAT_YOU_MAY_DO = {MessageKind.REVIEWED, *CLOSING_KINDS}


def conversation_thread(submission, user) -> Thread:
    """The whole thread for a participant: one query (the entries with their authors), given
    a submission fetched with its review and reviewer."""
    return thread_of(submission, user, list(thread_entries(submission)))


def thread_of(submission, user, entries, *, after: int = 0) -> Thread:
    """The thread of `entries`: all of them, or with `after` those after the last one shown.
    Read the submission after the entries: what it says (closed, reviewed) must be at least
    as new as they are."""
    refusal = post_refusal(submission, user, started=after > 0 or bool(entries))
    can_close = (
        user.pk == submission.user_id
        and review_of(submission) is not None
        and refusal != CLOSED_MESSAGE
    )
    kinds = {entry.kind for entry in entries}
    changed = after == 0 or bool(kinds & CHANGES_WHAT_YOU_MAY_DO)
    starts_or_ends = after == 0 or bool(kinds & set(CLOSING_KINDS))
    moves = bool(kinds & {MessageKind.CLAIMED, MessageKind.LEFT, MessageKind.REVIEWED})
    return Thread(submission, entries, refusal, can_close, changed, starts_or_ends, moves)


def conversation_post(*, submission, author, body: str, now=None) -> Message:
    """Write a message and tell the other side. Raises CannotPost (nothing written) when the
    conversation is closed, not started, or not the author's."""
    now = now or timezone.now()
    with transaction.atomic():
        # The row lock orders a message and a close that race: the later one sees the other.
        closed_at, status = (
            Submission.objects.select_for_update()
            .filter(pk=submission.pk)
            .values_list("conversation_closed_at", "status")
            .get()
        )
        submission.conversation_closed_at, submission.status = closed_at, status
        started = submission.messages.exists()
        refusal = post_refusal(submission, author, started=started, now=now)
        if refusal:
            raise CannotPost(refusal)
        message = Message.objects.create(
            submission=submission, author=author, body=body, created_at=now
        )
        others = [submission.user, conversation_mentor(submission, now)]
        notify_message(message, [user for user in others if user and user.pk != author.pk])
    return message


def conversation_close(*, submission, user, now=None) -> bool:
    """The learner closes the conversation after the verdict. False (nothing changes) before
    the verdict, when it is closed already, or when `user` is not the learner."""
    now = now or timezone.now()
    with transaction.atomic():
        closed = Submission.objects.filter(
            pk=submission.pk, user=user, review__isnull=False, conversation_closed_at__isnull=True
        ).update(conversation_closed_at=now)
        if closed:
            Message.objects.create(
                submission=submission, author=user, kind=MessageKind.CLOSED, created_at=now
            )
    return bool(closed)


def conversations_continue(*, user, project, iteration: int, now) -> None:
    """A new iteration closes the open conversations of the earlier ones: "continued in
    iteration N"."""
    earlier = Submission.objects.filter(
        user=user, project=project, iteration__lt=iteration, conversation_closed_at__isnull=True
    )
    ids = list(earlier.values_list("pk", flat=True))
    earlier.update(conversation_closed_at=now)
    Message.objects.bulk_create(
        Message(submission_id=pk, author=user, kind=MessageKind.CONTINUED, created_at=now)
        for pk in ids
    )


# -- timeouts ------------------------------------------------------------------------------


def remind_after() -> timedelta:
    return timedelta(days=settings.CONVERSATION_REMIND_AFTER_DAYS)


def close_after() -> timedelta:
    return timedelta(days=settings.CONVERSATION_CLOSE_AFTER_DAYS)


def conversations_waiting(now):
    """Open conversations after the verdict, each with its last entry's time (`last_at`),
    author (`last_author_id`) and id (`last_id`). Before the verdict the claim's own clock
    (48 hours, and the reminder before it runs out) keeps the conversation moving."""
    last = Message.objects.filter(submission=OuterRef("pk")).order_by("-pk")
    return (
        Submission.objects.filter(review__isnull=False, conversation_closed_at__isnull=True)
        .annotate(
            last_at=Subquery(last.values("created_at")[:1]),
            last_author_id=Subquery(last.values("author")[:1]),
            last_id=Subquery(last.values("pk")[:1]),
        )
        .select_related("user", "project", "review__reviewer")
    )


def conversations_due_a_reminder(now):
    """Conversations nobody answered for `remind_after()`, whose owing side has not been
    reminded since the last entry (once per wait)."""
    return (
        conversations_waiting(now)
        .filter(last_at__lte=now - remind_after(), last_at__gt=now - close_after())
        .filter(
            Q(conversation_reminded_at__isnull=True) | Q(conversation_reminded_at__lt=F("last_at"))
        )
    )


def conversations_due_to_close(now):
    return conversations_waiting(now).filter(last_at__lte=now - close_after())


def owing_side(submission):
    """Who owes the conversation an answer: whoever did not write its last entry."""
    if submission.last_author_id == submission.user_id:
        return submission.review.reviewer
    return submission.user


def conversation_mark_reminded(submission, now) -> bool:
    """Record the reminder for this wait; False when another run did (or an entry came)."""
    return bool(
        Submission.objects.filter(pk=submission.pk, conversation_closed_at__isnull=True)
        .filter(
            Q(conversation_reminded_at__isnull=True)
            | Q(conversation_reminded_at__lt=submission.last_at)
        )
        .exclude(
            Exists(Message.objects.filter(submission=OuterRef("pk"), pk__gt=submission.last_id))
        )
        .update(conversation_reminded_at=now)
    )


def conversation_time_out(submission, now) -> bool:
    """Close a conversation nobody answered; False when it closed or moved on meanwhile."""
    with transaction.atomic():
        closed = (
            Submission.objects.filter(pk=submission.pk, conversation_closed_at__isnull=True)
            .exclude(
                Exists(Message.objects.filter(submission=OuterRef("pk"), pk__gt=submission.last_id))
            )
            .update(conversation_closed_at=now)
        )
        if closed:
            Message.objects.create(
                submission=submission, kind=MessageKind.TIMED_OUT, created_at=now
            )
    return bool(closed)
