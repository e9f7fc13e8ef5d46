"""Sending evidence for review, and taking it back while no mentor has it."""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from portfolio.models import (
    InvalidTransition,
    ProjectEvent,
    ProjectProgress,
    Screenshot,
    Submission,
    SubmissionStatus,
)
from portfolio.notifications import notify_new_submission
from portfolio.review.checks.runs import repository_check_request
from portfolio.review.conversation import conversations_continue
from portfolio.storage import quota_refusal

OPEN = [SubmissionStatus.WAITING, SubmissionStatus.IN_REVIEW]
ALREADY_OPEN_MESSAGE = "This project already has a submission under review or approved."


class SubmissionRefused(Exception):
    """The learner may not submit now; the message says why."""


def waiting_limit_message(user) -> str | None:
    """Why `user` may not send another submission for review now (they have as many waiting
    as SUBMISSIONS_WAITING_LIMIT allows), or None."""
    limit = settings.SUBMISSIONS_WAITING_LIMIT
    if Submission.objects.filter(user=user, status__in=OPEN).count() < limit:
        return None
    return (
        f"You already have {limit} submission{'s' if limit != 1 else ''} waiting for a review, "
        "the most at once. Send this one when a mentor has reviewed one of them."
    )


# What a new iteration starts from: the evidence of the one before.
CARRIED_OVER = ["repository_url", "demo_url", "write_up"]


def submissions_of(user, project):
    """The user's iterations for a project, newest first, with their reviews and screenshots."""
    return (
        Submission.objects.filter(user=user, project=project)
        .select_related("review__reviewer")
        .prefetch_related("screenshots")
        .order_by("-iteration")
    )


def can_submit(submissions) -> bool:
    """A learner may submit when nothing of this attempt is open for review or approved."""
    return not any(
        submission.status in (*OPEN, SubmissionStatus.APPROVED)
        for submission in submissions
        if not submission.earlier_attempt
    )


def resubmission_initial(submissions) -> dict:
    """The latest iteration's evidence, so that the next one starts from it (empty at first)."""
    latest = max(submissions, key=lambda submission: submission.iteration, default=None)
    return {name: getattr(latest, name) for name in CARRIED_OVER} if latest else {}


def continued_stage_initial(user, project) -> dict:
    """A project that continues an earlier one starts from the learner's repository of that
    one: it is the same application, grown (empty when they sent nothing for it)."""
    if not project.continues_id:
        return {}
    latest = (
        Submission.objects.filter(user=user, project_id=project.continues_id)
        .order_by("-iteration")
        .first()
    )
    return {"repository_url": latest.repository_url} if latest else {}


class UploadRefused(Exception):
    """The images may not be stored now; the message says why."""


def _lock_learner(user) -> None:
    """Lock the learner's row until the transaction ends: what is counted against one of
    their limits is then counted one request after the other."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))


@transaction.atomic
def screenshots_stage(*, owner, images) -> list[Screenshot]:
    """Store checked images as the owner's staged screenshots, for a submission to take.
    Raises UploadRefused, storing nothing, when they would take the owner past their quota."""
    _lock_learner(owner)
    if refusal := quota_refusal(owner, sum(image.size for image in images)):
        raise UploadRefused(refusal)
    return [
        Screenshot.objects.create(owner=owner, image=image, size=image.size) for image in images
    ]


def submission_create(
    *, user, project, repository_url, demo_url="", write_up="", screenshots=()
) -> Submission:
    """The next iteration of evidence. Raises SubmissionRefused (nothing changes) when the
    learner may not submit now.

    `screenshots` are the learner's staged screenshots, in the order to show them."""
    now = timezone.now()
    try:
        with transaction.atomic():
            # The learner's row is locked first, so that two submissions at once (of two
            # projects) are counted against the waiting limit one after the other.
            _lock_learner(user)
            if refusal := waiting_limit_message(user):
                raise SubmissionRefused(refusal)
            # The status change comes next: it locks the learner's project, so a double
            # click waits here, then finds it submitted and sends nothing twice.
            ProjectProgress.objects.record(
                user=user, project_id=project.pk, event=ProjectEvent.SUBMIT, now=now
            )
            existing = Submission.objects.filter(user=user, project=project)
            if not can_submit(existing):
                raise SubmissionRefused(ALREADY_OPEN_MESSAGE)
            submission = Submission.objects.create(
                user=user,
                project=project,
                iteration=(existing.aggregate(n=Max("iteration"))["n"] or 0) + 1,
                repository_url=repository_url,
                demo_url=demo_url,
                write_up=write_up,
                submitted_at=now,
            )
            for position, screenshot in enumerate(screenshots):
                Screenshot.objects.staged_by(user).filter(pk=screenshot.pk).update(
                    submission=submission, position=position
                )
            conversations_continue(
                user=user, project=project, iteration=submission.iteration, now=now
            )
            notify_new_submission(submission)
            repository_check_request(submission)
    except InvalidTransition:
        raise SubmissionRefused(ALREADY_OPEN_MESSAGE) from None
    return submission


@transaction.atomic
def submission_withdraw(*, user, submission_id: int) -> bool:
    """Withdraw a submission no mentor has claimed. False when it is too late (or not yours)."""
    withdrawn = Submission.objects.filter(
        pk=submission_id, user=user, status=SubmissionStatus.WAITING, claimed_by__isnull=True
    ).update(status=SubmissionStatus.WITHDRAWN, conversation_closed_at=timezone.now())
    if withdrawn:
        project_id = Submission.objects.values_list("project_id", flat=True).get(pk=submission_id)
        ProjectProgress.objects.record(
            user=user, project_id=project_id, event=ProjectEvent.WITHDRAW
        )
    return bool(withdrawn)
