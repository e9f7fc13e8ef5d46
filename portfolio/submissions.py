"""Sending evidence for review, and taking it back while no mentor has it."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portfolio.models import (
    ProjectProgress,
    ProjectStatus,
    Screenshot,
    Submission,
    SubmissionStatus,
)
from portfolio.notifications import notify_new_submission

OPEN = [SubmissionStatus.WAITING, SubmissionStatus.IN_REVIEW]


def submissions_of(user, project):
    """The user's iterations for a project, newest first, with their reviews and screenshots."""
    return (
        Submission.objects.filter(user=user, project=project)
        .select_related("review")
        .prefetch_related("screenshots")
        .order_by("-iteration")
    )


def can_submit(submissions) -> bool:
    """A learner may submit when nothing is open for review and nothing is approved yet."""
    return not any(
        submission.status in (*OPEN, SubmissionStatus.APPROVED) for submission in submissions
    )


@transaction.atomic
def submission_create(
    *, user, project, repository_url, demo_url="", write_up="", images=()
) -> Submission | None:
    """The next iteration of evidence, or None when the learner may not submit now."""
    existing = list(Submission.objects.select_for_update().filter(user=user, project=project))
    if not can_submit(existing):
        return None
    now = timezone.now()
    last = Submission.objects.filter(user=user, project=project).aggregate(n=Max("iteration"))
    submission = Submission.objects.create(
        user=user,
        project=project,
        iteration=(last["n"] or 0) + 1,
        repository_url=repository_url,
        demo_url=demo_url,
        write_up=write_up,
        submitted_at=now,
    )
    for position, image in enumerate(images):
        Screenshot.objects.create(submission=submission, image=image, position=position)
    _set_status(user, project.pk, ProjectStatus.SUBMITTED, now)
    notify_new_submission(submission)
    return submission


@transaction.atomic
def submission_withdraw(*, user, submission_id: int) -> bool:
    """Withdraw a submission no mentor has claimed. False when it is too late (or not yours)."""
    withdrawn = Submission.objects.filter(
        pk=submission_id, user=user, status=SubmissionStatus.WAITING, claimed_by__isnull=True
    ).update(status=SubmissionStatus.WITHDRAWN)
    if withdrawn:
        project_id = Submission.objects.values_list("project_id", flat=True).get(pk=submission_id)
        _set_status(user, project_id, ProjectStatus.IN_PROGRESS, timezone.now())
    return bool(withdrawn)


def _set_status(user, project_id, status, now) -> None:
    ProjectProgress.objects.update_or_create(
        user=user,
        project_id=project_id,
        defaults={"status": status, "last_activity_at": now},
        create_defaults={
            "status": status,
            "last_activity_at": now,
            "started_at": now,
        },
    )
