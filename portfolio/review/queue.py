"""The review queue and claims.

A mentor claims a submission before reviewing it. The claim is one conditional UPDATE, so
when two mentors claim at once the database lets exactly one of them win; a claim lapses after
`CLAIM_EXPIRES_AFTER` without a review, and the submission becomes claimable again. Nobody
reviews their own work: it is neither in their queue nor claimable by them. A mentor holds at
most REVIEW_CLAIM_LIMIT live claims, and may leave one before the verdict.

Learners see where their waiting submissions stand (`queue_places`).
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from portfolio.models import (
    CLAIM_EXPIRES_AFTER,
    CohortMembership,
    Message,
    MessageKind,
    Review,
    Submission,
    SubmissionStatus,
)

# The estimated wait divides the queue by the reviews of this period.
THROUGHPUT_PERIOD = timedelta(days=30)
OPEN = [SubmissionStatus.WAITING, SubmissionStatus.IN_REVIEW]


class ClaimLimitReached(Exception):
    """The mentor already holds as many live claims as REVIEW_CLAIM_LIMIT allows."""


class ReviewQueue:
    """The submissions waiting for a review, or claimed and not reviewed yet, that `mentor`
    may review (not their own): those of learners in the mentor's cohorts (on the cohort's
    track, marked `in_my_cohort`) first, then oldest first.

    Sliced and counted like a queryset (the Paginator's object list), in two parts so that
    neither reads more than it shows: the mentor's cohort submissions, a handful, read whole
    through the cohort members' submissions; then everyone else's, in the order of the
    partial index on open submissions, of which a page costs its own rows and the count an
    index-only scan. One order over both (cohort first) would make PostgreSQL read, join
    and sort every open submission to show 25."""

    def __init__(self, mentor, submissions=None, *, cohorts_only=False):
        self.mentor = mentor
        self.submissions = submissions if submissions is not None else open_submissions(mentor)
        self.cohorts_only = cohorts_only

    def filter(self, *args, **kwargs) -> "ReviewQueue":
        filtered = self.submissions.filter(*args, **kwargs)
        return ReviewQueue(self.mentor, filtered, cohorts_only=self.cohorts_only)

    def only_cohorts(self) -> "ReviewQueue":
        return ReviewQueue(self.mentor, self.submissions, cohorts_only=True)

    @cached_property
    def _cohort_part(self) -> list:
        # First the mentor's (learner, track) pairs, a small query: most mentors have none,
        # and then the submissions' query (nine tables, longer to plan than to run) is not
        # needed at all.
        pairs = set(
            CohortMembership.objects.active()
            .filter(cohort__mentors=self.mentor)
            .values_list("learner_id", "cohort__track_id")
        )
        if not pairs:
            return []
        learners = {learner for learner, _ in pairs}
        rows = [
            row
            for row in self.submissions.filter(user__in=learners).order_by("submitted_at", "pk")
            if (row.user_id, row.project.track_id) in pairs
        ]
        for row in rows:
            row.in_my_cohort = True
        return rows

    @cached_property
    def _rest(self):
        if self.cohorts_only:
            return self.submissions.none()
        return self.submissions.exclude(pk__in=[row.pk for row in self._cohort_part])

    def count(self) -> int:
        rest = self._rest.count() if not self.cohorts_only else 0
        return len(self._cohort_part) + rest

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, key.stop
        cohort = self._cohort_part
        rows = cohort[start:stop]
        if self.cohorts_only or (stop is not None and stop <= len(cohort)):
            return rows
        rest_start = max(start - len(cohort), 0)
        rest_stop = None if stop is None else stop - len(cohort)
        rest = list(self._rest.order_by("submitted_at", "pk")[rest_start:rest_stop])
        for row in rest:
            row.in_my_cohort = False
        return rows + rest


# What a queue card does not show: write-ups (up to 20,000 characters each, twice) and the
# long texts of the rows joined to it.
QUEUE_CARD_DEFERS = [
    "write_up",
    "write_up_html",
    *(f"{user}__{field}" for user in ("user", "claimed_by") for field in ("bio", "bio_html")),
    *(
        f"project__{part}__{field}"
        for part in ("track", "level")
        for field in ("description", "description_html")
    ),
]


def open_submissions(mentor):
    """Open submissions `mentor` may review, with what the queue shows of each. The status
    filter is the partial index's condition, which is what lets PostgreSQL use it."""
    return (
        Submission.objects.filter(status__in=OPEN)
        .exclude(user=mentor)
        .select_related("user", "project__track", "project__level", "claimed_by")
        .defer(*QUEUE_CARD_DEFERS)
    )


def review_queue(mentor) -> ReviewQueue:
    return ReviewQueue(mentor)


def wait_target() -> timedelta:
    return timedelta(days=settings.REVIEW_WAIT_TARGET_DAYS)


def queue_mark(submissions, now=None) -> None:
    """Give each submission of a queue page its live `claimant` and whether it is `overdue`:
    nobody has it and it has waited longer than the target."""
    now = now or timezone.now()
    for submission in submissions:
        submission.claimant = live_claimant(submission, now)
        submission.overdue = (
            submission.claimant is None and submission.submitted_at < now - wait_target()
        )


def overdue_submissions(now=None):
    """Claimable submissions that have waited longer than the target."""
    now = now or timezone.now()
    return Submission.objects.claimable(now).filter(submitted_at__lt=now - wait_target())


def claim_is_live(submission, now=None) -> bool:
    """Whether a mentor holds a claim on `submission` that has not expired (no query)."""
    now = now or timezone.now()
    return (
        submission.status == SubmissionStatus.IN_REVIEW
        and submission.claimed_at is not None
        and submission.claimed_at >= now - CLAIM_EXPIRES_AFTER
    )


def live_claimant(submission, now=None):
    """The mentor whose claim on `submission` has not expired, or None."""
    return submission.claimed_by if claim_is_live(submission, now) else None


def holds_claim(submission, mentor, now=None) -> bool:
    claimant = live_claimant(submission, now)
    return claimant is not None and claimant.pk == mentor.pk


def live_claims(mentor, now=None):
    """The mentor's live claims, the one that expires first first."""
    return Submission.objects.claimed_live(now).filter(claimed_by=mentor).order_by("claimed_at")


def submission_claim(*, submission_id: int, mentor, now=None) -> bool:
    """Claim the submission for `mentor`; True if this mentor won it. Raises
    ClaimLimitReached when they hold as many other live claims as allowed.

    One conditional UPDATE: on PostgreSQL a concurrent claimer waits for the row lock, then
    re-checks the WHERE clause against the committed row, finds it claimed, and updates
    nothing. The mentor's own row is locked first, so that two claims of theirs at once are
    counted one after the other."""
    now = now or timezone.now()
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=mentor.pk).values_list("pk"))
        held = live_claims(mentor, now).exclude(pk=submission_id).count()
        if held >= settings.REVIEW_CLAIM_LIMIT:
            raise ClaimLimitReached
        updated = (
            Submission.objects.claimable(now)
            .filter(pk=submission_id)
            .exclude(user=mentor)
            .update(status=SubmissionStatus.IN_REVIEW, claimed_by=mentor, claimed_at=now)
        )
        if updated:
            Message.objects.create(
                submission_id=submission_id, author=mentor, kind=MessageKind.CLAIMED, created_at=now
            )
    return updated == 1


def claim_leave(*, submission_id: int, mentor, now=None) -> bool:
    """Give a claimed submission back to the queue before the verdict; its conversation stays,
    with an event saying so. False when the mentor holds no live claim on it."""
    now = now or timezone.now()
    with transaction.atomic():
        left = (
            Submission.objects.claimed_live(now)
            .filter(pk=submission_id, claimed_by=mentor)
            .update(
                status=SubmissionStatus.WAITING,
                claimed_by=None,
                claimed_at=None,
                claim_reminded_at=None,
            )
        )
        if left:
            Message.objects.create(
                submission_id=submission_id, author=mentor, kind=MessageKind.LEFT, created_at=now
            )
    return bool(left)


@dataclass(frozen=True)
class QueuePlace:
    """Where a waiting submission stands: how many wait before it, and the wait to expect
    from the recent throughput (None when nothing was reviewed to estimate from)."""

    ahead: int
    wait: timedelta | None

    @property
    def position(self) -> int:
        return self.ahead + 1


def queue_places(submissions, now=None) -> dict[int, QueuePlace]:
    """{pk: QueuePlace} for those of `submissions` that wait for a mentor (nobody holds a live
    claim on them). Two queries whatever their number; none when none of them waits."""
    now = now or timezone.now()
    waiting = [
        submission
        for submission in submissions
        if submission.status in OPEN and not claim_is_live(submission, now)
    ]
    if not waiting:
        return {}
    # One count per waiting submission, in one query over the claimable rows submitted up to
    # the latest of them: through the (status, submitted_at) index, a range of the waiting
    # rows and a range of the in-review ones (whose expired claims put them back in line).
    latest = max(submission.submitted_at for submission in waiting)
    ahead = (
        Submission.objects.claimable(now)
        .filter(submitted_at__lte=latest)
        .aggregate(
            **{
                f"ahead_{submission.pk}": Count(
                    "pk",
                    filter=Q(submitted_at__lt=submission.submitted_at)
                    | Q(submitted_at=submission.submitted_at, pk__lt=submission.pk),
                )
                for submission in waiting
            }
        )
    )
    # The reviews of the period, through the index on Review.created_at.
    reviewed = Review.objects.filter(created_at__gte=now - THROUGHPUT_PERIOD).count()
    per_review = THROUGHPUT_PERIOD / reviewed if reviewed else None
    places = {}
    for submission in waiting:
        before = ahead[f"ahead_{submission.pk}"]
        wait = per_review * (before + 1) if per_review else None
        places[submission.pk] = QueuePlace(before, wait)
    return places
