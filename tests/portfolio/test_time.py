"""Honest time: logging it, the catalog's estimate beside it, and what most learners took."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from curriculum.models import Project
from portfolio.models import ProjectEvent, ProjectProgress, ProjectTimeStats, TimeEntry
from portfolio.tasks import refresh_time_stats
from portfolio.timekeeping import percentile, project_time_stats_refresh, time_log
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")


def entries_url(project):
    return reverse("portfolio:time-entries", args=[project.pk])


def finish(user, project, minutes):
    time_log(user=user, project=project, minutes=minutes)
    for event in (ProjectEvent.SUBMIT, ProjectEvent.APPROVE):
        ProjectProgress.objects.record(user=user, project_id=project.pk, event=event)


def test_a_quick_button_logs_time_and_swaps_the_panel(client, learner, project):
    client.force_login(learner)
    url = reverse("portfolio:time-quick", args=[project.pk])

    response = client.post(url, {"minutes": "30"}, headers={"HX-Request": "true"})
    client.post(url, {"minutes": "60"})

    body = response.content.decode()
    assert body.strip().startswith('<section id="time"')
    assert "30 min" in body
    assert sum(TimeEntry.objects.filter(user=learner).values_list("minutes", flat=True)) == 90
    assert "1 h 30 min" in client.get(project.get_absolute_url()).content.decode()


def test_a_crafted_quick_amount_logs_nothing(client, learner, project):
    client.force_login(learner)

    response = client.post(
        reverse("portfolio:time-quick", args=[project.pk]), {"minutes": "100000"}, follow=True
    )

    assert "Pick one of the quick amounts" in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_the_project_page_shows_the_estimate_beside_my_total(client, learner, project):
    Project.objects.filter(pk=project.pk).update(time_investment="2-3 weeks")
    time_log(user=learner, project=project, minutes=390)
    client.force_login(learner)

    panel = client.get(project.get_absolute_url()).content.decode().split('id="time"')[1]

    assert "<dt>The track says</dt><dd>2-3 weeks</dd>" in panel
    assert "<dt>You logged</dt><dd>6 h 30 min</dd>" in panel
    assert "Most who finished" not in panel


def test_time_is_logged_in_hours_and_minutes_on_a_past_or_present_day(client, learner, project):
    client.force_login(learner)

    response = client.post(
        entries_url(project),
        {"hours": "2", "extra_minutes": "15", "spent_on": "2026-11-20", "note": "Parser"},
    )

    entry = TimeEntry.objects.get()
    assert response.url == entries_url(project)
    assert (entry.minutes, str(entry.spent_on), entry.note) == (135, "2026-11-20", "Parser")
    assert "2 h 15 min" in client.get(entries_url(project)).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours": "0", "extra_minutes": "0"}, "Log between 1 minute and 24 hours at a time."),
        ({"hours": "24", "extra_minutes": "30"}, "Log between 1 minute and 24 hours at a time."),
        ({"hours": "-1", "extra_minutes": "10"}, "greater than or equal to 0"),
        ({"hours": "1", "extra_minutes": "75"}, "less than or equal to 59"),
        ({"hours": "x", "extra_minutes": "0"}, "Enter a whole number."),
        ({"spent_on": "2999-01-01"}, "That day is still to come"),
        ({"note": "n" * 201}, "at most 200 characters"),
    ],
)
def test_bad_time_is_refused_with_a_message(client, learner, project, data, message):
    client.force_login(learner)
    form = {"hours": "1", "extra_minutes": "0", "spent_on": "2026-11-20", "note": ""} | data

    response = client.post(entries_url(project), form)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_an_entry_is_edited_and_removed_after_confirming(client, learner, project):
    entry = time_log(user=learner, project=project, minutes=45)
    client.force_login(learner)

    client.post(
        reverse("portfolio:time-entry-edit", args=[entry.pk]),
        {"hours": "1", "extra_minutes": "5", "spent_on": str(entry.spent_on), "note": "more"},
    )
    entry.refresh_from_db()
    assert (entry.minutes, entry.note) == (65, "more")

    delete_url = reverse("portfolio:time-entry-delete", args=[entry.pk])
    assert "Remove 1 h 5 min on" in client.get(delete_url).content.decode()
    assert TimeEntry.objects.exists()
    client.post(delete_url)
    assert not TimeEntry.objects.exists()


def test_another_learners_entries_are_404(client, learner, other_learner, project):
    entry = time_log(user=other_learner, project=project, minutes=45)
    client.force_login(learner)

    for name in ["portfolio:time-entry-edit", "portfolio:time-entry-delete"]:
        assert client.get(reverse(name, args=[entry.pk])).status_code == 404
        assert client.post(reverse(name, args=[entry.pk]), {"hours": "9"}).status_code == 404
    assert TimeEntry.objects.get().minutes == 45
    assert "45 min" not in client.get(entries_url(project)).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, project):
    response = client.post(reverse("portfolio:time-quick", args=[project.pk]), {"minutes": "30"})
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [([10], 0.5, 10), ([0, 100], 0.1, 10), ([0, 100], 0.9, 90), (list(range(0, 101, 10)), 0.1, 10)],
)
def test_percentiles_interpolate_between_ranks(values, fraction, expected):
    assert percentile(values, fraction) == expected


def test_the_range_appears_once_ten_learners_finished_and_names_nobody(client, learner, project):
    for n in range(9):
        finish(UserFactory(username=f"finisher{n}"), project, minutes=(n + 5) * 60)
    assert project_time_stats_refresh(project.pk) is None
    unfinished = UserFactory(username="still-building")
    time_log(user=unfinished, project=project, minutes=20 * 60)  # not finished: not counted

    finish(UserFactory(username="finisher9"), project, minutes=14 * 60)
    assert refresh_time_stats.call(project.pk) is True

    stats = ProjectTimeStats.objects.get(project=project)
    assert (stats.learners, stats.low_minutes, stats.high_minutes) == (10, 354, 786)
    client.force_login(learner)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "took 6–13 hours" in page
    assert "finisher" not in page and "still-building" not in page


def test_the_dashboard_shows_estimate_and_time_for_completed_projects(
    client, learner, mentor, project
):
    from portfolio.review.queue import submission_claim
    from portfolio.review.verdict import review_create
    from portfolio.submissions import submission_create

    Project.objects.filter(pk=project.pk).update(time_investment="1 week")
    time_log(
        user=learner,
        project=project,
        minutes=200,
        spent_on=timezone.localdate() - timedelta(days=1),
    )
    submission = submission_create(user=learner, project=project, repository_url="https://x.y/z")
    submission_claim(submission_id=submission.pk, mentor=mentor)
    review_create(submission=submission, reviewer=mentor, verdict="approve", comment="", rubric={})
    client.force_login(learner)

    body = client.get(reverse("portfolio:dashboard")).content.decode()

    assert "Time: you logged 3 h 20 min · the track says 1 week" in body
