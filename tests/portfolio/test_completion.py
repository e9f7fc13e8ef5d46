"""Finished work: the completed list, level and track completion, the celebration."""

import pytest
from django.urls import reverse

from curriculum.models import Project, Track
from portfolio.completion import celebrations_take, completions
from portfolio.models import Notification, ProjectEvent, ProjectProgress, Review, Submission
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create
from portfolio.submissions import submission_create

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portfolio:dashboard")


def level_projects(track="novice-to-principal", level=1):
    return list(
        Project.objects.published()
        .filter(track__slug=track, level__position=level)
        .order_by("position")
    )


def approve(learner, mentor, project, *, met=("clear_readme",), iterations=1):
    """Submit (and have changes requested `iterations - 1` times), then approve."""
    for iteration in range(1, iterations + 1):
        submission = submission_create(
            user=learner, project=project, repository_url=f"https://github.com/x/{iteration}"
        )
        submission_claim(submission_id=submission.pk, mentor=mentor)
        last = iteration == iterations
        review_create(
            submission=submission,
            reviewer=mentor,
            verdict="approve" if last else "request_changes",
            comment="" if last else "More tests.",
            rubric={signal: {"met": True} for signal in met},
        )
    return submission


def mark_approved(learner, projects):
    """Approved statuses without the review flow, for rules that read only the status."""
    for project in projects:
        for event in (ProjectEvent.SUBMIT, ProjectEvent.APPROVE):
            ProjectProgress.objects.record(user=learner, project_id=project.pk, event=event)


def test_the_completed_list_says_when_by_whom_after_how_many_iterations_and_what_was_met(
    client, learner, mentor
):
    project = level_projects()[0]
    approve(learner, mentor, project, met=("clear_readme", "tests_included"), iterations=2)
    client.force_login(learner)

    completed = client.get(DASHBOARD).content.decode().split('id="completed-heading"')[1]
    completed = completed.split("</section>")[0]

    review = Review.objects.get(verdict="approve")
    assert project.title.replace("&", "&amp;") in completed
    assert (
        f"Approved {review.created_at:%-d %b %Y} by Mira Mentor, after 2 iterations." in completed
    )
    assert "Met: Clear README, Tests included." in completed


@pytest.mark.parametrize("approved", [1, 12])
def test_the_completed_list_costs_the_same_queries_for_1_or_12_approvals(
    client, learner, mentor, approved, django_assert_max_num_queries
):
    for project in Project.objects.published().order_by("pk")[:approved]:
        approve(learner, mentor, project)
    client.force_login(learner)
    client.get(DASHBOARD)  # the celebration is taken once

    # session, user, celebrations (none left), projects in progress, their milestones, their
    # ticks, completed work, level counts, levels, suggestion candidates, their skills,
    # practised skills, activity
    with django_assert_max_num_queries(13):
        response = client.get(DASHBOARD)

    assert response.content.decode().count("Approved ") >= approved


def test_a_level_is_complete_when_every_published_project_of_it_is_approved(learner):
    track = Track.objects.get(slug="novice-to-principal")
    projects = level_projects()

    mark_approved(learner, projects[:-1])
    assert projects[0].level_id not in completions(learner, [track]).levels

    mark_approved(learner, projects[-1:])
    assert projects[0].level_id in completions(learner, [track]).levels
    assert track.pk not in completions(learner, [track]).tracks


def test_an_archived_project_does_not_stand_between_a_learner_and_a_level(learner):
    projects = level_projects()
    mark_approved(learner, projects[:-1])
    Project.objects.filter(pk=projects[-1].pk).update(archived_at="2026-01-01T00:00Z")

    assert projects[0].level_id in completions(learner, [projects[0].track_id]).levels


def test_a_track_is_complete_when_all_its_levels_are(learner):
    track = Track.objects.get(slug="expert-specialization")
    mark_approved(learner, Project.objects.published().filter(track=track))

    assert completions(learner, [track]).tracks == {track.pk}


def test_an_approval_is_celebrated_once_with_the_level_it_completes(client, learner, mentor):
    *others, last = level_projects()
    mark_approved(learner, others)
    celebrations_take(learner)  # those were celebrated before
    approve(learner, mentor, last)
    client.force_login(learner)

    first = client.get(DASHBOARD).content.decode()
    again = client.get(DASHBOARD).content.decode()

    assert 'class="celebration" role="status"' in first
    assert f'A mentor approved <a href="{last.get_absolute_url()}">' in first
    assert "You completed every project of <strong>Level 1 — Beginner (Novice)</strong>." in first
    assert "Next up:" in first
    assert 'class="celebration"' not in again


def test_the_approval_notice_leads_to_the_celebration(learner, mentor):
    approve(learner, mentor, level_projects()[0])

    notice = Notification.objects.filter(user=learner).latest("created_at")
    assert notice.url == DASHBOARD
    assert notice.message.endswith("was reviewed: approved.")


def test_changes_requested_lead_to_the_submission(learner, mentor):
    project = level_projects()[0]
    submission = submission_create(user=learner, project=project, repository_url="https://x.y/z")
    submission_claim(submission_id=submission.pk, mentor=mentor)
    review_create(
        submission=submission, reviewer=mentor, verdict="request_changes", comment="x", rubric={}
    )

    notice = Notification.objects.filter(user=learner).latest("created_at")
    assert notice.url == f"{project.get_absolute_url()}#submissions"
    assert Submission.objects.get().status == "changes_requested"
