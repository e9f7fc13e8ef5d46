"""The review queue and claims.

A mentor claims a submission before reviewing it. The claim is one conditional UPDATE, so
when two mentors claim at once the database lets exactly one of them win; a claim lapses after
`CLAIM_EXPIRES_AFTER` without a review, and the submission becomes claimable again. Nobody
reviews their own work: it is neither in their queue nor claimable by them.
"""

from django.utils import timezone

from portfolio.models import CLAIM_EXPIRES_AFTER, Submission, SubmissionStatus


def review_queue(mentor):
    """Submissions waiting for a review, or claimed and not reviewed yet, that `mentor` may
    review (not their own); oldest first."""
    return (
        Submission.objects.filter(status__in=[SubmissionStatus.WAITING, SubmissionStatus.IN_REVIEW])
        .exclude(user=mentor)
        .select_related("user", "project__track", "project__level", "claimed_by")
        .order_by("submitted_at", "pk")
    )


def live_claimant(submission, now=None):
    """The mentor whose claim on `submission` has not expired, or None."""
    now = now or timezone.now()
    if (
        submission.status == SubmissionStatus.IN_REVIEW
        and submission.claimed_at is not None
        and submission.claimed_at >= now - CLAIM_EXPIRES_AFTER
    ):
        return submission.claimed_by
    return None


def holds_claim(submission, mentor, now=None) -> bool:
    claimant = live_claimant(submission, now)
    return claimant is not None and claimant.pk == mentor.pk


def submission_claim(*, submission_id: int, mentor, now=None) -> bool:
    """Claim the submission for `mentor`; True if this mentor won it.

    One conditional UPDATE: on PostgreSQL a concurrent claimer waits for the row lock, then
    re-checks the WHERE clause against the committed row, finds it claimed, and updates
    nothing."""
    now = now or timezone.now()
    updated = (
        Submission.objects.claimable(now)
        .filter(pk=submission_id)
        .exclude(user=mentor)
        .update(status=SubmissionStatus.IN_REVIEW, claimed_by=mentor, claimed_at=now)
    )
    return updated == 1
