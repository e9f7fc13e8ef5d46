"""A mentor's review: the verdict, the rubric and the comment on a submission they claimed."""

from django.db import transaction
from django.utils import timezone

from portfolio.credentials.issue import credentials_issue_on_approval
from portfolio.models import (
    CLAIM_EXPIRES_AFTER,
    Message,
    MessageKind,
    ProjectEvent,
    ProjectProgress,
    Review,
    RubricSignal,
    Submission,
    SubmissionStatus,
    Verdict,
)
from portfolio.notifications import notify_reviewed
from portfolio.tasks import refresh_time_stats

# What a verdict makes of the submission, and what it is for the learner's project.
VERDICT_OUTCOMES = {
    Verdict.APPROVE: (SubmissionStatus.APPROVED, ProjectEvent.APPROVE),
    Verdict.REQUEST_CHANGES: (SubmissionStatus.CHANGES_REQUESTED, ProjectEvent.REQUEST_CHANGES),
}


class ClaimNotHeld(Exception):
    """The reviewer does not hold a live claim on the submission (never claimed it, the claim
    expired and someone else took it, or it was already reviewed)."""


def review_create(
    *, submission, reviewer, verdict: str, comment: str, rubric: dict, now=None
) -> Review:
    """Write the review of a submission the reviewer holds a live claim on, and move the
    submission and the learner's project on by the verdict.

    Raises ClaimNotHeld when the claim is not (or no longer) the reviewer's."""
    now = now or timezone.now()
    submission_status, project_event = VERDICT_OUTCOMES[Verdict(verdict)]
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
        # The verdict takes its place in the conversation's timeline.
        Message.objects.create(
            submission=submission, author=reviewer, kind=MessageKind.REVIEWED, created_at=now
        )
        ProjectProgress.objects.record(
            user=submission.user, project_id=submission.project_id, event=project_event, now=now
        )
        if verdict == Verdict.APPROVE:
            # In this transaction: approved work and its credentials commit together.
            credentials_issue_on_approval(review=review, now=now)
        notify_reviewed(review)
        if project_event == ProjectEvent.APPROVE:
            refresh_time_stats.enqueue(submission.project_id)
    submission.status = submission_status
    return review
