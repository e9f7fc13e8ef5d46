"""A track that is a plan by week: the learner's start day, the week they are in, ahead or
behind; and stages that continue one another."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from curriculum.models import Project, Track
from portfolio.models import MilestoneCheck, Submission, TrackStart
from portfolio.schedule import Schedule

pytestmark = pytest.mark.django_db

WEEKS = "python-26-weeks"
START = reverse("portfolio:track-start", args=[WEEKS])
TRACK = reverse("curriculum:track-detail", args=[WEEKS])


def week(number) -> Project:
    return Project.objects.get(track__slug=WEEKS, week_start=number)


def finish(user, project):
    for milestone in project.milestones.active().filter(kind="core"):
        MilestoneCheck.objects.create(user=user, milestone=milestone, checked_at=timezone.now())


def schedule_panel(response) -> str:
    """The text of the schedule panel, tags removed."""
    body = response.content.decode()
    start = body.index('id="schedule"')
    panel = body[start : body.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", panel).split()).replace(" .", ".")


# --- the arithmetic ------------------------------------------------------------------------------


def plan(today_offset_days, working_week, first=1, last=26):
    started = date(2026, 1, 5)
    return Schedule(first, last, started, started + timedelta(days=today_offset_days), working_week)


@pytest.mark.parametrize(
    ("days", "working", "current", "ahead"),
    [
        (0, 1, 1, 0),  # first day, nothing done: on track
        (6, 1, 1, 0),  # still week 1
        (7, 1, 2, -1),  # week 2 began, week 1 not finished: one behind
        (17, 1, 3, -2),
        (17, 3, 3, 0),  # weeks 1 and 2 done: on track in week 3
        (17, 5, 3, 2),  # weeks 1 to 4 done in week 3: two ahead
        (400, 20, 58, -7),  # after the plan: behind by the weeks left
        (400, None, 58, 0),  # everything done
    ],
)
def test_the_week_and_the_weeks_ahead_or_behind(days, working, current, ahead):
    schedule = plan(days, working)

    assert (schedule.current_week, schedule.weeks_ahead) == (current, ahead)


def test_a_plan_that_starts_at_week_37_counts_from_there():
    schedule = plan(14, 39, first=37, last=48)

    assert (schedule.current_week, schedule.weeks_ahead) == (39, 0)
    assert schedule.starts_on(39) == date(2026, 1, 19)


def test_before_the_start_day_no_week_has_begun():
    schedule = plan(-3, 1)

    assert (schedule.has_started, schedule.current_week) == (False, None)


# --- the track page ------------------------------------------------------------------------------


def test_a_visitor_is_invited_to_sign_in_to_follow_the_plan(client):
    panel = schedule_panel(client.get(TRACK))

    assert "A plan by week: weeks 1 to 26" in panel
    assert "Sign in to set the day you start" in panel


def test_other_tracks_have_no_schedule(client, learner):
    client.force_login(learner)

    assert (
        'id="schedule"'
        not in client.get(
            reverse("curriculum:track-detail", args=["novice-to-principal"])
        ).content.decode()
    )


def test_a_learner_sets_the_day_they_start_and_sees_where_they_stand(client, learner):
    client.force_login(learner)
    finish(learner, week(1))
    started = timezone.localdate() - timedelta(days=17)  # week 3

    response = client.post(START, {"started_on": started.isoformat()}, follow=True)

    assert TrackStart.objects.get(user=learner).started_on == started
    panel = schedule_panel(response)
    assert "You are in week 3" in panel
    assert "1 week behind the plan: week 2 is next to finish." in panel
    body = response.content.decode()
    assert 'class="project-card continues this-week"' in body
    assert "Week 3 · <strong>this week</strong>" in body


def test_a_learner_ahead_of_the_plan_is_told_so(client, learner):
    client.force_login(learner)
    for number in (1, 2, 3):
        finish(learner, week(number))
    TrackStart.objects.create(
        user=learner, track=Track.objects.get(slug=WEEKS), started_on=timezone.localdate()
    )

    # In week 1 with weeks 1 to 3 done, week 4 is the one to work on: three weeks early.
    assert "You are in week 1" in schedule_panel(client.get(TRACK))
    assert "3 weeks ahead of the plan." in schedule_panel(client.get(TRACK))


def test_the_start_day_can_be_changed_and_removed(client, learner):
    client.force_login(learner)
    client.post(START, {"started_on": "2026-03-02"})
    client.post(START, {"started_on": "2026-03-09"})
    assert TrackStart.objects.get(user=learner).started_on == date(2026, 3, 9)

    client.post(START, {"clear": "1"})

    assert not TrackStart.objects.filter(user=learner).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Pick the day you start."),
        ("someday", "Enter a date."),
        ("1999-01-01", "Pick a day within a year"),
    ],
)
def test_a_bad_start_day_is_explained_and_changes_nothing(client, learner, value, message):
    client.force_login(learner)

    response = client.post(START, {"started_on": value}, follow=True)

    assert message in response.content.decode()
    assert not TrackStart.objects.exists()


def test_setting_a_start_day_needs_a_signed_in_learner_a_published_track_and_a_csrf_token(
    client, learner
):
    response = client.post(START, {"started_on": "2026-03-02"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    client.force_login(learner)
    Track.objects.filter(slug=WEEKS).update(is_published=False)
    assert client.post(START, {"started_on": "2026-03-02"}).status_code == 404
    Track.objects.filter(slug=WEEKS).update(is_published=True)

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert strict.post(START, {"started_on": "2026-03-02"}).status_code == 403
    assert not TrackStart.objects.exists()


# --- stages that continue one another ------------------------------------------------------------


def test_the_next_stage_offers_the_repository_of_the_stage_it_continues(client, learner):
    stage_one = Project.objects.get(slug="stage-one-starts-as-a-command-line-tool")
    stage_two = Project.objects.get(slug="stage-two-turns-the-same-project-into-an-api")
    Submission.objects.create(
        user=learner, project=stage_one, iteration=1, repository_url="https://example.com/tracker"
    )
    client.force_login(learner)

    response = client.get(
        reverse("portfolio:submission-new", args=["backend-roadmap", stage_two.slug])
    )

    assert response.context["form"].initial == {"repository_url": "https://example.com/tracker"}
    assert "which this project continues" in response.content.decode()


def test_another_learners_repository_is_never_offered(client, learner, other_learner):
    stage_one = Project.objects.get(slug="stage-one-starts-as-a-command-line-tool")
    Submission.objects.create(
        user=other_learner,
        project=stage_one,
        iteration=1,
        repository_url="https://example.com/not-yours",
    )
    client.force_login(learner)

    response = client.get(
        reverse(
            "portfolio:submission-new",
            args=["backend-roadmap", "stage-two-turns-the-same-project-into-an-api"],
        )
    )

    assert response.context["form"].initial == {}
    assert "not-yours" not in response.content.decode()
