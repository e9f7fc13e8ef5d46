"""Ticking milestones on a project page: htmx and plain forms, idempotence, ownership."""

import re

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from curriculum.models import Milestone, MilestoneKind, Project
from portfolio.models import MilestoneCheck, ProjectEvent, ProjectProgress, ProjectStatus
from portfolio.progress import milestone_set_done, project_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")


def core(project, position=1):
    return project.milestones.get(kind=MilestoneKind.CORE, position=position)


def check_url(milestone):
    return reverse("portfolio:milestone-check", args=[milestone.pk])


def tick(client, milestone, done=True, **headers):
    return client.post(check_url(milestone), {"done": "1" if done else "0"}, headers=headers)


def test_ticking_without_javascript_redirects_back_to_the_milestone(client, learner, project):
    client.force_login(learner)
    milestone = core(project)

    response = tick(client, milestone)

    assert response.status_code == 302
    assert response.url == f"{project.get_absolute_url()}#milestone-{milestone.pk}"
    assert MilestoneCheck.objects.filter(user=learner, milestone=milestone).exists()
    page = client.get(project.get_absolute_url()).content.decode()
    assert f'<li id="milestone-{milestone.pk}" class="done">' in page
    assert "1 of 2 milestones done (50%)" in page


def test_an_htmx_tick_returns_the_item_and_the_progress_bar_out_of_band(
    client, learner, project, django_assert_max_num_queries
):
    client.force_login(learner)
    milestone = core(project)

    # session, user, the catalog version (the milestone comes from the catalog's index of
    # them, read once per catalog version), insert the check, upsert the progress, count
    # progress
    with django_assert_max_num_queries(7):  # the first tick of this catalog: and the index
        tick(client, milestone, done=False, **{"HX-Request": "true"})
    with django_assert_max_num_queries(6):
        response = tick(client, milestone, **{"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert len(response.content) < 4096
    assert body.strip().startswith(f'<li id="milestone-{milestone.pk}" class="done">')
    assert 'id="project-progress" class="project-progress" hx-swap-oob="true"' in body
    assert "1 of 2 milestones done (50%)" in body
    assert 'aria-pressed="true"' in body


def test_ticking_a_submitted_project_keeps_its_status_in_the_fragment(client, learner, project):
    """The fragment and the page read the status from one place (it used to say "In
    progress" here until the page was reloaded)."""
    ProjectProgress.objects.record(user=learner, project_id=project.pk, event=ProjectEvent.SUBMIT)
    client.force_login(learner)

    body = tick(client, core(project), **{"HX-Request": "true"}).content.decode()

    assert "Status: <strong>Submitted</strong>" in body
    assert ProjectProgress.objects.get(user=learner).status == ProjectStatus.SUBMITTED


def test_unticking_stays_within_the_same_budget(
    client, learner, project, django_assert_max_num_queries
):
    client.force_login(learner)
    milestone = core(project)
    tick(client, milestone)

    with django_assert_max_num_queries(6):
        response = tick(client, milestone, done=False, **{"HX-Request": "true"})

    assert "0 of 2 milestones done (0%)" in response.content.decode()
    assert not MilestoneCheck.objects.filter(user=learner).exists()


def test_ticking_twice_from_two_tabs_keeps_one_check_and_no_error(client, learner, project):
    client.force_login(learner)
    milestone = core(project)

    first = tick(client, milestone)
    second = tick(client, milestone)  # a stale tab still shows it unticked

    assert first.status_code == second.status_code == 302
    assert MilestoneCheck.objects.filter(user=learner, milestone=milestone).count() == 1
    assert ProjectProgress.objects.filter(user=learner, project=project).count() == 1


def test_the_database_refuses_a_duplicate_check(learner, project):
    milestone = core(project)
    milestone_set_done(user=learner, milestone=milestone, done=True)

    with pytest.raises(IntegrityError):
        MilestoneCheck.objects.create(
            user=learner, milestone=milestone, checked_at="2026-01-01T00:00Z"
        )


def test_the_first_tick_starts_the_project(client, learner, project):
    client.force_login(learner)
    assert (
        "Status: <strong>Not started</strong>"
        in client.get(project.get_absolute_url()).content.decode()
    )

    tick(client, core(project))

    progress = ProjectProgress.objects.get(user=learner, project=project)
    assert progress.status == ProjectStatus.IN_PROGRESS
    assert (
        "Status: <strong>In progress</strong>"
        in client.get(project.get_absolute_url()).content.decode()
    )


def test_im_building_this_starts_a_project_once(client, learner, project):
    client.force_login(learner)
    url = reverse("portfolio:project-start", args=[project.pk])

    client.post(url)
    response = client.post(url)

    assert response.status_code == 302
    assert ProjectProgress.objects.filter(user=learner, project=project).count() == 1
    assert "I’m building this" not in client.get(project.get_absolute_url()).content.decode()


def test_stretch_goals_count_apart_from_progress(learner, project):
    stretch = project.milestones.get(kind=MilestoneKind.STRETCH)

    milestone_set_done(user=learner, milestone=stretch, done=True)

    progress = project_state(learner, project.pk).progress
    assert (progress.done, progress.total, progress.stretch_done, progress.stretch_total) == (
        0,
        2,
        1,
        1,
    )


def test_an_archived_milestone_keeps_its_tick_but_no_longer_counts(learner, project):
    milestone = core(project)
    milestone_set_done(user=learner, milestone=milestone, done=True)

    Milestone.objects.filter(pk=milestone.pk).update(archived_at="2026-01-01T00:00Z")

    assert MilestoneCheck.objects.filter(user=learner, milestone=milestone).exists()
    progress = project_state(learner, project.pk).progress
    assert (progress.done, progress.total) == (0, 1)


def test_anonymous_visitors_are_sent_to_sign_in_and_back_to_the_project(client, project):
    response = tick(client, core(project))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={project.get_absolute_url()}"
    assert not MilestoneCheck.objects.exists()
    htmx = tick(client, core(project), **{"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(reverse("account_login"))


def test_the_project_page_invites_anonymous_visitors_to_sign_in(client, project):
    body = client.get(project.get_absolute_url()).content.decode()

    assert "to tick milestones off and keep track of your progress" in body
    assert "hx-post" not in body


def test_a_crafted_post_cannot_tick_for_another_learner(client, learner, other_learner, project):
    client.force_login(other_learner)

    client.post(check_url(core(project)), {"done": "1", "user": learner.pk, "user_id": learner.pk})

    assert not MilestoneCheck.objects.filter(user=learner).exists()
    assert MilestoneCheck.objects.filter(user=other_learner).count() == 1


def test_one_learners_ticks_are_invisible_to_another(client, learner, other_learner, project):
    milestone_set_done(user=learner, milestone=core(project), done=True)
    client.force_login(other_learner)

    body = client.get(project.get_absolute_url()).content.decode()

    assert 'class="done"' not in body
    assert "0 of 2 milestones done (0%)" not in body or "Not started" in body


def test_ticking_requires_post_and_a_published_milestone(client, learner, project):
    client.force_login(learner)
    milestone = core(project)

    assert client.get(check_url(milestone)).status_code == 405
    project.track.is_published = False
    project.track.save()
    assert tick(client, milestone).status_code == 404
    assert (
        client.post(reverse("portfolio:milestone-check", args=[999999]), {"done": "1"}).status_code
        == 404
    )


def test_ticking_needs_the_csrf_token(learner, project):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    assert tick(client, core(project)).status_code == 403
    assert not MilestoneCheck.objects.exists()


def test_the_project_page_with_progress_stays_within_budget(
    client, learner, project, django_assert_max_num_queries
):
    milestone_set_done(user=learner, milestone=core(project), done=True)
    client.force_login(learner)
    url = project.get_absolute_url()

    # session, user, the catalog version, project, skills, milestones, track order, guidance
    # blocks, and one statement for the learner's ticks, status, time logged with the
    # project's range and how many submissions (none)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    # The catalog's part is cached: a revisit costs the learner's queries only.
    with django_assert_max_num_queries(4):
        revisit = client.get(url)
    assert re.search(r"1 of 2 milestones done \(50%\)", revisit.content.decode())

    assert re.search(r"1 of 2 milestones done \(50%\)", response.content.decode())


def test_a_milestone_archived_after_a_tick_can_no_longer_be_ticked(client, learner, project):
    """The tick finds its milestone in an index kept per catalog version: archiving one in
    the admin (a catalog change) takes it out for the next tick."""
    client.force_login(learner)
    milestone = core(project)
    assert tick(client, milestone, **{"HX-Request": "true"}).status_code == 200

    Milestone.objects.filter(pk=milestone.pk).update(archived_at=timezone.now())

    assert tick(client, milestone, **{"HX-Request": "true"}).status_code == 404
