"""A signed-in learner's own pages are kept (curriculum.kept_pages) and still show, on the
very next request, every change to their work (whoever makes it, however it is written), to
their header and to the catalog; one learner's kept page never reaches another."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import MENTORS_GROUP, User
from curriculum.models import MilestoneKind, Project
from portfolio.attempts import track_reset
from portfolio.models import Cohort, CohortMembership, QueueVersion
from portfolio.notifications import notify
from portfolio.progress import milestone_set_done, project_start
from portfolio.review.conversation import conversation_post
from portfolio.review.verdict import review_create
from portfolio.schedule import schedule_set_start
from portfolio.timekeeping import time_log
from tests.portfolio.review_helpers import claimed, reviewed, submit

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portfolio:dashboard")
NOVICE = "novice-to-principal"


@pytest.fixture
def project():
    return Project.objects.get(track__slug=NOVICE, slug="markdown-html-converter")


def first_core(project):
    return project.milestones.active().filter(kind=MilestoneKind.CORE).order_by("position")[0]


def version(user) -> int:
    return User.objects.values_list("pages_version", flat=True).get(pk=user.pk)


def page(client, url=DASHBOARD) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_write_to_a_learners_work_moves_their_pages_version_only(
    learner, other_learner, mentor, project
):
    made = {}
    writes = {
        "a project started": lambda: project_start(user=learner, project_id=project.pk),
        "a tick": lambda: milestone_set_done(user=learner, milestone=first_core(project), done=1),
        "an untick": lambda: milestone_set_done(
            user=learner, milestone=first_core(project), done=False
        ),
        "time logged": lambda: time_log(user=learner, project=project, minutes=30),
        "a plan's start day": lambda: schedule_set_start(
            user=learner, track=project.track, started_on=date(2026, 1, 5)
        ),
        "a submission": lambda: made.setdefault("submission", submit(learner, project)),
        "a mentor's claim (an update in bulk)": lambda: claimed(made["submission"], mentor),
        "a mentor's review": lambda: review_create(
            submission=made["submission"], reviewer=mentor, verdict="approve", comment="", rubric={}
        ),
        "a mentor's message": lambda: conversation_post(
            submission=made["submission"], author=mentor, body="Nice tests."
        ),
        "a track started again (ticks moved in bulk)": lambda: track_reset(
            user=learner, track=project.track
        ),
        "made a mentor (the header's Review link)": lambda: learner.groups.add(
            Group.objects.get_or_create(name=MENTORS_GROUP)[0]
        ),
    }
    for name, write in writes.items():
        mine, theirs = version(learner), version(other_learner)
        write()
        assert version(learner) > mine, name
        assert version(other_learner) == theirs, name


def test_a_user_saved_whole_never_takes_the_version_back(learner, project):
    read_before = User.objects.get(pk=learner.pk)
    milestone_set_done(user=learner, milestone=first_core(project), done=True)
    bumped = version(learner)

    read_before.display_name = "Lena L."
    read_before.save()

    assert version(learner) == bumped


def test_a_kept_page_costs_the_session_the_user_and_the_catalog_version(
    client, learner, project, django_assert_num_queries
):
    milestone_set_done(user=learner, milestone=first_core(project), done=True)
    client.force_login(learner)
    made = page(client)

    with django_assert_num_queries(3):
        kept = page(client)

    def without_tokens(body):  # a new masked token in every response
        return re.sub(r'"X-CSRFToken": "\w+"|name="csrfmiddlewaretoken" value="\w+"', "", body)

    assert without_tokens(made) == without_tokens(kept)


def test_a_tick_shows_on_the_next_request_of_every_kept_page(client, learner, project):
    project_start(user=learner, project_id=project.pk)
    client.force_login(learner)
    urls = [DASHBOARD, project.get_absolute_url(), project.track.get_absolute_url()]
    before = [page(client, url) for url in urls]
    milestone = first_core(project)

    response = client.post(
        reverse("portfolio:milestone-check", args=[milestone.pk]),
        {"done": "1"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    after = [page(client, url) for url in urls]
    total = project.milestones.active().filter(kind=MilestoneKind.CORE).count()
    assert f"0 of {total} milestones" in before[0] and f"1 of {total} milestones" in after[0]
    ticked = f'id="milestone-{milestone.pk}" class="done"'
    assert ticked in after[1] and ticked not in before[1]
    assert f"1/{total}" in after[2] and f"1/{total}" not in before[2]


def test_a_mentors_review_shows_on_the_learners_kept_dashboard(client, learner, mentor, project):
    submission = submit(learner, project)
    client.force_login(learner)
    assert "Submitted: a mentor will review it." in page(client)

    reviewed(submission, mentor)

    dashboard = page(client)
    assert "Submitted: a mentor will review it." not in dashboard
    completed = dashboard.split('id="completed-heading"')[1]
    assert project.title in completed


def test_a_notification_shows_in_the_header_of_a_kept_page(client, learner):
    client.force_login(learner)
    assert "unread" not in page(client)

    notify([learner], "Your project was reviewed.")

    assert '1<span class="visually-hidden"> unread' in page(client)


def test_one_learners_kept_page_never_reaches_another(learner, other_learner, project):
    milestone_set_done(user=learner, milestone=first_core(project), done=True)
    clients = {}
    for user in (learner, other_learner):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    pages = {name: page(client) for name, client in clients.items()}
    pages |= {name: page(client) for name, client in clients.items()}  # kept now

    assert "Lena Learner" in pages["lena"] and "Otto Other" not in pages["lena"]
    assert "Otto Other" in pages["otto"] and project.title not in pages["otto"].split("Suggest")[0]


def test_each_session_gets_its_own_csrf_token_in_a_kept_page(learner):
    tokens = []
    for _ in range(2):
        client = Client()
        client.force_login(learner)
        body = page(client)
        assert "csrfTokenOfThisVisitor" not in body
        tokens.append(re.search(r'"X-CSRFToken": "(\w+)"', body)[1])

    assert tokens[0] != tokens[1]


def test_a_message_shows_once_on_a_kept_page_and_the_change_with_it(client, learner):
    weeks = "python-26-weeks"
    track_page = reverse("curriculum:track-detail", args=[weeks])
    client.force_login(learner)
    page(client, track_page)
    page(client, track_page)  # kept

    started = timezone.localdate() - timedelta(days=17)
    response = client.post(
        reverse("portfolio:track-start", args=[weeks]), {"started_on": started}, follow=True
    )

    shown = response.content.decode()
    assert "Start date saved" in shown and "You are in <strong>week 3</strong>" in shown
    again = page(client, track_page)
    assert "Start date saved" not in again and "You are in <strong>week 3</strong>" in again


def test_a_catalog_edit_shows_on_a_learners_kept_project_page(client, learner, project):
    client.force_login(learner)
    page(client, project.get_absolute_url())

    Project.objects.filter(pk=project.pk).update(title="Markdown to HTML, renamed")

    assert "Markdown to HTML, renamed" in page(client, project.get_absolute_url())


# --- the review queue ---------------------------------------------------------------------

QUEUE = reverse("review:queue")


def queue_version() -> int:
    return QueueVersion.current()


def test_writes_to_submissions_and_cohorts_move_the_queue_version(learner, mentor, project):
    made = {}
    writes = {
        "a submission": lambda: made.setdefault("submission", submit(learner, project)),
        "a claim (an update in bulk)": lambda: claimed(made["submission"], mentor),
        "a cohort": lambda: made.setdefault(
            "cohort",
            Cohort.objects.create(name="Spring", track=project.track, starts_on=date(2026, 3, 1)),
        ),
        "a cohort's mentor": lambda: made["cohort"].mentors.add(mentor),
        "a cohort's learner": lambda: CohortMembership.objects.create(
            cohort=made["cohort"], learner=learner
        ),
    }
    for name, write in writes.items():
        before = queue_version()
        write()
        assert queue_version() > before, name


def test_the_queue_version_moves_even_after_its_row_was_deleted(learner, project):
    """A flush (every live-server test ends with one) deletes the row; the next write puts
    it back instead of leaving the queue's kept pages unchanged for good."""
    QueueVersion.objects.all().delete()

    submit(learner, project)

    assert queue_version() == 1


def test_a_kept_queue_shows_a_new_submission_and_a_claim_on_the_next_request(
    client, learner, mentor, other_mentor, project, django_assert_max_num_queries
):
    client.force_login(mentor)
    assert "Markdown" not in page(client, QUEUE)
    # kept: session, user, the two-factor check, the queue's and the catalog's versions
    with django_assert_max_num_queries(5):
        page(client, QUEUE)

    submission = submit(learner, project)
    assert project.title in page(client, QUEUE)

    claimed(submission, other_mentor)
    assert "claimed by Max Mentor" in page(client, QUEUE).split(project.title)[1]
