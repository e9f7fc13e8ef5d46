"""Submissions in the states the review tests start from, written the way the app writes them
(the state machine, the claim, the verdict), at chosen times: tests move time by dating what
happened, never by sleeping. And the review pages' addresses and form data."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from curriculum.models import Project
from portfolio.models import ProjectProgress, ProjectStatus, RubricSignal, Submission, Verdict
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create


def markdown_project():
    return Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")


def submit(user, project, *, hours_ago=1, iteration=1, **fields):
    """A waiting iteration, and the learner's project submitted, as submission_create leaves
    them (without its notifications)."""
    submitted_at = timezone.now() - timedelta(hours=hours_ago)
    ProjectProgress.objects.update_or_create(
        user=user,
        project=project,
        defaults={"status": ProjectStatus.SUBMITTED, "last_activity_at": submitted_at},
        create_defaults={
            "status": ProjectStatus.SUBMITTED,
            "started_at": submitted_at,
            "last_activity_at": submitted_at,
        },
    )
    return Submission.objects.create(
        user=user,
        project=project,
        iteration=iteration,
        repository_url="https://github.com/x/y",
        submitted_at=submitted_at,
        **fields,
    )


def claimed(submission, mentor, *, hours_ago=0):
    """The submission claimed by `mentor` `hours_ago` (through submission_claim, so the
    conversation has its "claimed" event)."""
    assert submission_claim(
        submission_id=submission.pk,
        mentor=mentor,
        now=timezone.now() - timedelta(hours=hours_ago),
    )
    submission.refresh_from_db()
    return submission


def reviewed(submission, mentor, *, verdict=Verdict.APPROVE, hours_ago=0, comment="Good."):
    """The submission claimed and reviewed by `mentor`, `hours_ago`."""
    claimed(submission, mentor, hours_ago=hours_ago)
    review = review_create(
        submission=submission,
        reviewer=mentor,
        verdict=verdict,
        comment=comment,
        rubric={},
        now=timezone.now() - timedelta(hours=hours_ago),
    )
    submission.refresh_from_db()
    return review


def thread_url(submission):
    return reverse("portfolio:submission-messages", args=[submission.pk])


def learner_page_url(submission):
    return reverse("portfolio:submission", args=[submission.pk])


def review_page_url(submission):
    return reverse("review:submission", args=[submission.pk])


QUEUE_URL = reverse("review:queue")


def claim_url(submission):
    return reverse("review:claim", args=[submission.pk])


def review_data(verdict=Verdict.APPROVE, comment="", met=(), **notes):
    data = {"verdict": verdict, "comment": comment}
    for signal in RubricSignal:
        if signal.value in met:
            data[f"{signal.value}_met"] = "on"
        data[f"{signal.value}_note"] = notes.get(signal.value, "")
    return data
