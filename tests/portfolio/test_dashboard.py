"""The dashboard, skills coverage, the progress downloads and progress on track pages."""

import csv
import io
import json
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from curriculum.kept_pages import forget_kept_pages
from curriculum.models import Milestone, MilestoneKind, Project, ProjectSkill
from portfolio.dashboard import (
    DASHBOARD_IN_PROGRESS,
    IN_PROGRESS_PER_PAGE,
    activity,
    suggest_next_project,
)
from portfolio.demo import create_demo_progress
from portfolio.models import (
    MilestoneCheck,
    ProjectEvent,
    ProjectProgress,
    Submission,
    SubmissionStatus,
)
from portfolio.progress import milestone_set_done, project_start
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create
from portfolio.submissions import submission_create
from tests.plans import postgresql_only, queries_read

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portfolio:dashboard")


def novice(position, level=1):
    return Project.objects.get(
        track__slug="novice-to-principal", level__position=level, position=position
    )


def tick_core(user, project, count):
    milestones = project.milestones.active().filter(kind=MilestoneKind.CORE).order_by("position")
    for milestone in milestones[:count]:
        milestone_set_done(user=user, milestone=milestone, done=True)


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={DASHBOARD}"


def test_a_new_learner_sees_empty_states_and_a_first_project(client, learner):
    client.force_login(learner)

    body = client.get(DASHBOARD).content.decode()

    assert "Nothing in progress yet." in body
    assert "Hello World &amp; Super-Calculator" in body
    assert "a good first project" in body


def test_projects_in_progress_come_most_recent_first_with_their_next_milestone(client, learner):
    tick_core(learner, novice(1), 1)
    tick_core(learner, novice(2), 2)
    client.force_login(learner)

    body = client.get(DASHBOARD).content.decode()

    assert body.index("Guess the Number") < body.index("Hello World &amp; Super-Calculator")
    assert "2 of 3 milestones (67%)" in body
    assert 'Next: <a href="/tracks/novice-to-principal/guess-the-number/#milestone-' in body
    assert "Track best score in a file</a>" in body
    assert "Next: <a" in body.split("Hello World")[1]  # its 2nd milestone comes next


def test_the_suggestion_explains_itself_with_the_skills_not_practised_yet(learner):
    tick_core(learner, novice(1), 1)  # print(), input(), int/float, operators, functions, f-strings

    suggestion = suggest_next_project(learner, novice(1))

    assert suggestion.project.level.position == 1
    assert suggestion.project.pk != novice(1).pk
    practised = {"print()", "input()", "int/float", "operators", "functions", "f-strings"}
    names = {skill.name for skill in suggestion.project.skills.all()}
    assert suggestion.reason.startswith("because you haven’t practised: ")
    listed = suggestion.reason.removeprefix("because you haven’t practised: ").split(", ")
    assert set(listed) <= names - practised
    assert listed


def test_the_suggestion_prefers_skills_practised_least(learner):
    # Guess the Number practises loops; Rock–Paper–Scissors and others share some skills.
    tick_core(learner, novice(2), 1)
    first = suggest_next_project(learner, novice(2))
    tick_core(learner, first.project, 1)

    second = suggest_next_project(learner, first.project)

    assert second.project not in {first.project, novice(2)}


@pytest.mark.parametrize("projects_in_progress", [5, 120])
def test_the_dashboard_costs_the_same_queries_for_5_or_120_projects(
    client, learner, projects_in_progress, django_assert_max_num_queries
):
    start_novice_projects(learner, projects_in_progress)
    client.force_login(learner)

    # session, user, the catalog version (the key of the kept page), celebrations, the recent
    # projects in progress (and how many in all), their milestones with ticks, submissions in
    # review, completed work, level counts, levels, suggestion candidates, their skills,
    # practised skills, activity
    with django_assert_max_num_queries(14):
        response = client.get(DASHBOARD)

    shown = min(projects_in_progress, DASHBOARD_IN_PROGRESS)
    assert response.content.decode().count('class="next-milestone"') == shown


def start_novice_projects(learner, count):
    projects = Project.objects.published().filter(track__slug="novice-to-principal")
    started = list(projects.order_by("level__position", "position")[:count])
    for project in started:
        tick_core(learner, project, 1)
    return started


def test_the_dashboard_shows_the_most_recent_projects_and_links_to_all(client, learner):
    started = start_novice_projects(learner, DASHBOARD_IN_PROGRESS + 3)
    client.force_login(learner)

    body = client.get(DASHBOARD).content.decode()

    titles = [escape(project.title) for project in started]
    assert all(title in body for title in titles[-DASHBOARD_IN_PROGRESS:])  # ticked last
    assert not any(f">{title}</a></h3>" in body for title in titles[:3])
    all_url = reverse("portfolio:in-progress")
    assert f'<a href="{all_url}">All {DASHBOARD_IN_PROGRESS + 3} projects in progress</a>' in body


def test_no_link_to_all_when_the_dashboard_shows_them_all(client, learner):
    start_novice_projects(learner, DASHBOARD_IN_PROGRESS)
    client.force_login(learner)

    body = client.get(DASHBOARD).content.decode()

    assert reverse("portfolio:in-progress") not in body


@pytest.mark.parametrize("count", [5, 60])
def test_every_project_in_progress_is_listed_by_pages_at_a_fixed_cost(
    client, learner, count, django_assert_max_num_queries
):
    started = start_novice_projects(learner, count)
    client.force_login(learner)

    # session, user, the catalog version, count, the page's rows, their milestones with ticks
    with django_assert_max_num_queries(6):
        first = client.get(reverse("portfolio:in-progress")).content.decode()
    last_page = -(-count // IN_PROGRESS_PER_PAGE)
    last = client.get(reverse("portfolio:in-progress"), {"page": last_page}).content.decode()

    assert f"{count} projects, most recent activity first" in first
    assert first.count('class="card"') == min(count, IN_PROGRESS_PER_PAGE)
    assert escape(started[-1].title) in first  # the most recent first
    assert escape(started[0].title) in last
    assert f"Page {last_page} of {last_page}" in last or count <= IN_PROGRESS_PER_PAGE


def test_the_projects_in_progress_page_is_the_learners_own(client, learner, other_learner):
    start_novice_projects(other_learner, 2)
    client.force_login(learner)

    body = client.get(reverse("portfolio:in-progress")).content.decode()

    assert "Nothing in progress yet." in body
    assert client.get(reverse("portfolio:in-progress"), {"page": "x"}).status_code == 200


def test_the_projects_in_progress_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("portfolio:in-progress"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_dashboard_query_count_does_not_grow(client, learner):
    client.force_login(learner)
    projects = list(
        Project.objects.published()
        .filter(track__slug="novice-to-principal")
        .order_by("level__position", "position")
    )
    counts = []
    for batch in (projects[:5], projects[5:120]):
        for project in batch:
            tick_core(learner, project, 1)
        with CaptureQueriesContext(connection) as queries:
            client.get(DASHBOARD)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 14


def test_a_submitted_project_waits_for_its_review_instead_of_asking_to_be_submitted(
    client, learner
):
    project = novice(1)
    tick_core(learner, project, project.milestones.filter(kind=MilestoneKind.CORE).count())
    client.force_login(learner)
    assert "Every milestone is done" in client.get(DASHBOARD).content.decode()

    ProjectProgress.objects.record(user=learner, project_id=project.pk, event=ProjectEvent.SUBMIT)
    body = client.get(DASHBOARD).content.decode()

    assert "Every milestone is done" not in body
    assert "Submitted: a mentor will review it." in body


def test_approved_projects_are_listed_as_completed_with_the_portfolio(client, learner, mentor):
    project = novice(1)
    submission = submission_create(user=learner, project=project, repository_url="https://x.y/z")
    submission_claim(submission_id=submission.pk, mentor=mentor)
    review_create(submission=submission, reviewer=mentor, verdict="approve", comment="", rubric={})
    client.force_login(learner)

    completed = client.get(DASHBOARD).content.decode().split('id="completed-heading"')[1]

    assert project.title.replace("&", "&amp;") in completed.split("</section>")[0]
    assert "switch it on in your profile" in completed
    learner.portfolio_public = True
    learner.save(update_fields=["portfolio_public"])
    assert f'href="/u/{learner.username}/"' in client.get(DASHBOARD).content.decode()


def test_level_progress_is_shown_per_track_with_text(client, learner):
    tick_core(learner, novice(1), 3)
    client.force_login(learner)

    body = client.get(DASHBOARD).content.decode()

    assert "Level 1 — Beginner (Novice)" in body
    assert "3 of 63 (5%)" in body


def test_the_activity_calendar_and_streak(learner):
    today = timezone.localdate()
    milestones = list(novice(1).milestones.filter(kind=MilestoneKind.CORE))
    for days_ago, milestone in zip(
        [0, 1, 2, 5], [*milestones, *novice(2).milestones.all()], strict=False
    ):
        MilestoneCheck.objects.create(
            user=learner, milestone=milestone, checked_at=timezone.now() - timedelta(days=days_ago)
        )

    result = activity(learner, today=today)

    assert result.streak == 3
    assert result.active_days == 4
    assert len(result.weeks) == 52 and all(len(week) == 7 for week in result.weeks)
    cells = dict(day for week in result.weeks for day in week)
    assert cells[today] == 1
    assert cells[today - timedelta(days=3)] == 0


def test_a_streak_survives_a_day_not_yet_active(learner):
    milestone = novice(1).milestones.first()
    MilestoneCheck.objects.create(
        user=learner, milestone=milestone, checked_at=timezone.now() - timedelta(days=1)
    )

    assert activity(learner).streak == 1


def test_skills_coverage_lists_practised_and_missing_skills_per_level(
    client, learner, django_assert_max_num_queries
):
    tick_core(learner, novice(1), 1)
    client.force_login(learner)

    with django_assert_max_num_queries(6):
        body = client.get(reverse("portfolio:skills-coverage")).content.decode()

    practised = body.split("Practised:")[1].split("Not yet:")[0]
    assert "✓ f-strings" in practised
    assert "random" in body.split("Not yet:")[1]
    level_one = {
        tag.skill_id for tag in ProjectSkill.objects.filter(project__level=novice(1).level)
    }
    assert f"· {practised.count('✓')} of {len(level_one)} practised" in body
    assert " of 0 practised" not in body


def test_progress_downloads_hold_only_my_own_data(client, learner, other_learner):
    tick_core(learner, novice(1), 2)
    tick_core(other_learner, novice(2), 1)
    client.force_login(learner)

    csv_response = client.get(reverse("portfolio:progress-export", args=["csv"]))
    json_response = client.get(reverse("portfolio:progress-export", args=["json"]))

    assert 'attachment; filename="roadmap-progress-' in csv_response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert [row["milestone"] for row in rows] == [
        "Handle invalid input",
        "support order of operations",
    ]
    assert {row["project"] for row in rows} == {"Hello World & Super-Calculator"}
    data = json.loads(json_response.content)
    assert data["user"] == learner.username
    assert [row["milestone"] for row in data["milestones"]] == [row["milestone"] for row in rows]
    assert client.get("/dashboard/progress.xml").status_code == 404


def test_the_track_page_shows_progress_per_project_and_level_within_budget(
    client, learner, django_assert_max_num_queries
):
    tick_core(learner, novice(1), 2)
    project_start(user=learner, project_id=novice(2).pk)
    client.force_login(learner)

    # session, user, track, levels, filter skills, projects, their skills, ticks, statuses
    with django_assert_max_num_queries(12):
        response = client.get(reverse("curriculum:track-detail", args=["novice-to-principal"]))

    body = response.content.decode()
    assert "In progress · 2/3 done" in body
    assert "In progress · 0/3 done" in body
    assert "Your progress: 2 of 63 milestones (3%)" in body


def test_the_demo_learner_gets_a_living_dashboard_once(learner):
    assert create_demo_progress(learner) > 0
    assert create_demo_progress(learner) == 0
    assert activity(learner).streak >= 1


def others_work_on(projects, learners):
    """`learners` more learners, each with every milestone of `projects` ticked, the projects
    started and an approved and a waiting submission: rows the dashboard must not read."""
    now = timezone.now()
    others = User.objects.bulk_create(
        User(username=f"other{User.objects.count() + n}") for n in range(learners)
    )
    milestones = list(Milestone.objects.filter(project__in=projects))
    MilestoneCheck.objects.bulk_create(
        MilestoneCheck(user=other, milestone=milestone, checked_at=now)
        for other in others
        for milestone in milestones
    )
    ProjectProgress.objects.bulk_create(
        ProjectProgress(user=other, project=project, started_at=now, last_activity_at=now)
        for other in others
        for project in projects
    )
    Submission.objects.bulk_create(
        Submission(user=other, project=projects[0], iteration=iteration, status=status)
        for other in others
        for iteration, status in [(1, SubmissionStatus.APPROVED), (2, SubmissionStatus.WAITING)]
    )


@postgresql_only
def test_the_dashboard_reads_the_same_rows_whatever_other_learners_did(client, learner):
    """Each query reaches the learner's rows through an index on the learner: the same queries
    read the same rows with one other learner or forty (see tests/plans.py). A query that
    joined every learner's ticks of the learner's projects, as the dashboard once did, reads
    forty times more."""
    projects = list(
        Project.objects.published()
        .filter(track__slug="novice-to-principal")
        .order_by("level__position", "position")[:10]
    )
    for project in projects:
        tick_core(learner, project, 1)
    client.force_login(learner)
    reads = []
    for learners in (1, 39):
        others_work_on(projects, learners)
        forget_kept_pages()  # the page is made, not served as it was kept
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD).status_code == 200
        reads.append(queries_read(queries))

    few, many = reads
    assert len(few) == len(many)
    assert few == many
    assert sum(few, Counter())["portfolio_milestonecheck"] > 0  # the learner's ticks were read
