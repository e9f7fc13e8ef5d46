"""Starting a track again: progress starts from zero, and nothing is deleted."""

import csv
import io

import pytest
from django.urls import reverse

from curriculum.models import MilestoneKind, Project, Track
from portfolio.attempts import ResetRefused, track_reset
from portfolio.dashboard import activity
from portfolio.models import (
    EarlierProgress,
    EarlierTick,
    MilestoneCheck,
    ProjectProgress,
    Submission,
    SubmissionStatus,
)
from portfolio.progress import milestone_set_done
from portfolio.public.work import approved_work
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create
from portfolio.submissions import can_submit, submission_create

pytestmark = pytest.mark.django_db

TRACK = "novice-to-principal"


@pytest.fixture
def track():
    return Track.objects.get(slug=TRACK)


def projects(count):
    return list(
        Project.objects.published()
        .filter(track__slug=TRACK)
        .order_by("level__position", "position")
    )[:count]


def tick_all(user, project):
    for milestone in project.milestones.active().filter(kind=MilestoneKind.CORE):
        milestone_set_done(user=user, milestone=milestone, done=True)


def approve(learner, mentor, project):
    submission = submission_create(user=learner, project=project, repository_url="https://x.y/z")
    submission_claim(submission_id=submission.pk, mentor=mentor)
    review_create(submission=submission, reviewer=mentor, verdict="approve", comment="", rubric={})
    return submission


def test_starting_again_sets_the_attempt_aside_and_keeps_everything(
    client, learner, other_learner, mentor, track
):
    first, second = projects(2)
    tick_all(learner, first)
    approved = approve(learner, mentor, first)
    milestone_set_done(user=learner, milestone=second.milestones.first(), done=True)
    tick_all(other_learner, first)
    ticks_before = MilestoneCheck.objects.filter(user=learner).count()

    track_reset(user=learner, track=track)

    assert not MilestoneCheck.objects.filter(user=learner).exists()
    assert not ProjectProgress.objects.filter(user=learner).exists()
    assert EarlierTick.objects.filter(user=learner).count() == ticks_before
    assert set(EarlierProgress.objects.values_list("project", "status")) == {
        (first.pk, "approved"),
        (second.pk, "in_progress"),
    }
    approved.refresh_from_db()
    assert approved.earlier_attempt and approved.status == SubmissionStatus.APPROVED
    assert [s.pk for group in approved_work(learner).tracks for s in group.submissions] == [
        approved.pk
    ]  # the portfolio keeps approved work
    assert MilestoneCheck.objects.filter(user=other_learner).exists()  # others untouched
    assert activity(learner).total == ticks_before  # the days of work still count


def test_after_starting_again_the_learner_may_submit_the_project_again(learner, mentor, track):
    (first,) = projects(1)
    approve(learner, mentor, first)
    assert not can_submit(list(Submission.objects.filter(user=learner)))

    track_reset(user=learner, track=track)

    assert can_submit(list(Submission.objects.filter(user=learner)))
    again = submission_create(user=learner, project=first, repository_url="https://x.y/again")
    assert (again.iteration, again.earlier_attempt) == (2, False)


def test_a_waiting_submission_must_be_withdrawn_first(learner, track):
    (first,) = projects(1)
    submission_create(user=learner, project=first, repository_url="https://x.y/z")

    with pytest.raises(ResetRefused, match="withdraw it"):
        track_reset(user=learner, track=track)

    assert ProjectProgress.objects.filter(user=learner).exists()
    assert not EarlierProgress.objects.exists()


def test_the_page_asks_first_and_the_project_page_marks_the_earlier_attempt(
    client, learner, mentor, track
):
    (first,) = projects(1)
    approve(learner, mentor, first)
    client.force_login(learner)
    url = reverse("portfolio:track-reset", args=[track.slug])

    assert "Nothing is deleted." in client.get(url).content.decode()
    assert ProjectProgress.objects.filter(user=learner).exists()
    response = client.post(url)

    assert response.url == track.get_absolute_url()
    page = client.get(first.get_absolute_url()).content.decode()
    assert '<span class="badge">Earlier attempt</span>' in page
    assert "Status: <strong>Not started</strong>" in page


def test_a_refused_reset_says_why(client, learner, track):
    (first,) = projects(1)
    submission_create(user=learner, project=first, repository_url="https://x.y/z")
    client.force_login(learner)

    response = client.post(reverse("portfolio:track-reset", args=[track.slug]), follow=True)

    assert "withdraw it, or wait for the review" in response.content.decode()


def test_nothing_to_start_again_is_said_plainly(client, learner, track):
    client.force_login(learner)
    page = client.get(reverse("portfolio:track-reset", args=[track.slug])).content.decode()
    assert "there is nothing to start again" in page


def test_downloads_keep_the_earlier_attempt(client, learner, track):
    (first,) = projects(1)
    tick_all(learner, first)
    track_reset(user=learner, track=track)
    milestone_set_done(user=learner, milestone=first.milestones.first(), done=True)
    client.force_login(learner)

    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("portfolio:progress-export", args=["csv"])).content.decode()
            )
        )
    )

    attempts = [row["attempt"] for row in rows]
    assert attempts[-1] == "current"
    assert all(attempt.startswith("earlier (ended ") for attempt in attempts[:-1])
    assert len(attempts) > 1
