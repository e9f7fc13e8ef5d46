"""Running the checks of a submission: queued when it is created (or when a mentor asks
again), run by the task worker, kept on the submission's RepositoryCheck.

A run never blocks or fails a submission: whatever goes wrong becomes a status and a reason
the mentor reads ("could not run: GitHub's rate limit was reached; try again after 14:05")."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from portfolio.models import CheckStatus, RepositoryCheck, Submission
from portfolio.review.checks.github import GitHub, GitHubError
from portfolio.review.checks.repository import github_repository, repository_findings
from portfolio.review.checks.web import link_check

logger = logging.getLogger(__name__)
RERUN_INTERVAL = timedelta(minutes=1)
ONLY_GITHUB = "only GitHub repositories are checked"
UNEXPECTED_ANSWER = "GitHub's answer was not what the checks expect"


def repository_check_request(submission: Submission) -> None:
    """Queue the checks of a new submission. Call it inside the submission's transaction: the
    check and its task are written with the submission, or not at all."""
    RepositoryCheck.objects.create(submission=submission, requested_at=submission.submitted_at)
    run_repository_check.enqueue(submission.pk)


def repository_check_rerun(*, submission: Submission, now=None) -> bool:
    """Queue the checks again, at most once a minute per submission; False when asked sooner.

    The interval is one conditional UPDATE, so two mentors clicking at once queue one run."""
    now = now or timezone.now()
    with transaction.atomic():
        queued = RepositoryCheck.objects.filter(
            submission=submission, requested_at__lte=now - RERUN_INTERVAL
        ).update(status=CheckStatus.PENDING, requested_at=now)
        if not queued:
            # Submissions sent before the checks existed have no row yet.
            _, queued = RepositoryCheck.objects.get_or_create(
                submission=submission, defaults={"requested_at": now}
            )
        if queued:
            run_repository_check.enqueue(submission.pk)
    return bool(queued)


def repository_check_run(submission_id: int) -> RepositoryCheck:
    """Check the repository (GitHub only) and the demo link, and store what was found.

    The network is read outside any transaction; only the result is written."""
    submission = Submission.objects.get(pk=submission_id)
    status, reason, retry_at, findings = _repository(submission.repository_url)
    if submission.demo_url:
        findings["demo"] = link_check(submission.demo_url).as_dict()
    check, _ = RepositoryCheck.objects.update_or_create(
        submission=submission,
        defaults={
            "status": status,
            "reason": reason,
            "retry_at": retry_at,
            "findings": findings,
            "checked_at": timezone.now(),
        },
    )
    return check


def _repository(url: str) -> tuple[str, str, object, dict]:
    """(status, reason, retry_at, findings) of the repository at `url`."""
    repository = github_repository(url)
    if repository is None:
        return CheckStatus.NOT_CHECKED, ONLY_GITHUB, None, {}
    try:
        with GitHub() as github:
            return CheckStatus.DONE, "", None, repository_findings(github, *repository)
    except GitHubError as error:
        return CheckStatus.FAILED, error.reason, error.retry_at, {}
    except (KeyError, TypeError, ValueError, AttributeError):
        # JSON of another shape than GitHub documents: say so rather than fail the task.
        logger.exception("Unexpected answer from GitHub for %s", url)
        return CheckStatus.FAILED, UNEXPECTED_ANSWER, None, {}


@task()
def run_repository_check(submission_id: int) -> str:
    if not Submission.objects.filter(pk=submission_id).exists():
        return "gone"  # deleted with its learner's account before the worker got to it
    return repository_check_run(submission_id).status
