"""Mentor review: the queue, claiming a submission, and writing the review.

A mentor claims a submission before reviewing it. The claim is one conditional UPDATE, so
when two mentors claim at once the database lets exactly one of them win; a claim lapses after
`CLAIM_EXPIRES_AFTER` without a review, and the submission becomes claimable again.
"""

from django.db import transaction
from django.utils import timezone

from portfolio.models import (
    CLAIM_EXPIRES_AFTER,
    ProjectProgress,
    ProjectStatus,
    Review,
    RubricSignal,
    Submission,
    SubmissionStatus,
    Verdict,
)
from portfolio.notifications import notify_reviewed

# What a verdict makes of the submission and of the learner's project.
VERDICT_OUTCOMES = {
    Verdict.APPROVE: (SubmissionStatus.APPROVED, ProjectStatus.APPROVED),
    Verdict.REQUEST_CHANGES: (SubmissionStatus.CHANGES_REQUESTED, ProjectStatus.CHANGES_REQUESTED),
}


class ClaimNotHeld(Exception):
    """The reviewer does not hold a live claim on the submission (never claimed it, the claim
    expired and someone else took it, or it was already reviewed)."""


def is_reviewer(user) -> bool:
    return user.is_authenticated and user.has_perm("portfolio.add_review")


def review_queue():
    """Submissions waiting for a review, or claimed and not reviewed yet; oldest first."""
    return (
        Submission.objects.filter(status__in=[SubmissionStatus.WAITING, SubmissionStatus.IN_REVIEW])
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
    nothing. Nobody can claim their own submission."""
    now = now or timezone.now()
    updated = (
        Submission.objects.claimable(now)
        .filter(pk=submission_id)
        .exclude(user=mentor)
        .update(status=SubmissionStatus.IN_REVIEW, claimed_by=mentor, claimed_at=now)
    )
    return updated == 1


def review_create(
    *, submission, reviewer, verdict: str, comment: str, rubric: dict, now=None
) -> Review:
    """Write the review of a submission the reviewer holds a live claim on, and move the
    submission and the learner's project to the verdict's status.

    Raises ClaimNotHeld when the claim is not (or no longer) the reviewer's."""
    now = now or timezone.now()
    submission_status, project_status = VERDICT_OUTCOMES[Verdict(verdict)]
    rubric = {
        signal.value: {
            "met": bool(rubric.get(signal.value, {}).get("met")),
            "note": str(rubric.get(signal.value, {}).get("note", "")),
        }
        for signal in RubricSignal
    }
    with transaction.atomic():
        # The claim check and the status change are one statement: a claim that expired and
        # was taken by another mentor in between cannot be reviewed twice.
        updated = (
            Submission.objects.filter(
                pk=submission.pk,
                status=SubmissionStatus.IN_REVIEW,
                claimed_by=reviewer,
                claimed_at__gte=now - CLAIM_EXPIRES_AFTER,
            )
            .exclude(user=reviewer)
            .update(status=submission_status)
        )
        if updated != 1:
            raise ClaimNotHeld
        review = Review.objects.create(
            submission=submission,
            reviewer=reviewer,
            verdict=verdict,
            comment=comment,
            rubric=rubric,
            created_at=now,
        )
        ProjectProgress.objects.update_or_create(
            user_id=submission.user_id,
            project_id=submission.project_id,
            defaults={"status": project_status, "last_activity_at": now},
            create_defaults={
                "status": project_status,
                "started_at": submission.submitted_at,
                "last_activity_at": now,
            },
        )
        notify_reviewed(review)
    submission.status = submission_status
    return review
