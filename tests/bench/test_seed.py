"""The benchmark's seeder at a tiny scale (the full benchmark is `make bench`, not CI): the rows
it writes agree with each other the way the app's own writes would, and the pages the
benchmark requests answer with the real page."""

import random
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from django.db.models import Max, Min
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from accounts.models import MENTORS_GROUP, User
from bench.catalog import load_catalog
from bench.crowd import CrowdSize, plan_crowd
from bench.personas import LEARNER, PORTFOLIO
from bench.plan import Plan
from bench.seed import seed
from bench.server import is_real_page
from bench.targets import pages
from curriculum.models import Milestone, Project
from portfolio.models import (
    Credential,
    CredentialKind,
    MilestoneCheck,
    ProjectProgress,
    ProjectStatus,
    Review,
    Submission,
    SubmissionStatus,
)
from roadmap.fields import markdown_html_fields

pytestmark = pytest.mark.django_db

TINY = 0.001  # 40 learners, 1,000 ticks, 100 submissions, 3 mentors


def crowd_learners():
    return User.objects.filter(username__startswith="learner0")


def test_a_tiny_crowd_has_the_scaled_numbers_of_everything():
    seed(scale=TINY)

    assert crowd_learners().count() == 40
    assert MilestoneCheck.objects.filter(user__in=crowd_learners()).count() == 1000
    crowd_submissions = Submission.objects.filter(user__in=crowd_learners())
    assert crowd_submissions.count() == 100
    assert crowd_submissions.filter(status=SubmissionStatus.WAITING).count() == 10
    assert User.objects.mentors().filter(username__startswith="mentor0").count() == 3
    assert all(mentor.has_two_factor() for mentor in User.objects.mentors())


def test_ticks_land_only_on_live_milestones_of_published_projects():
    first = Project.objects.get(track__slug="novice-to-principal", level__position=1, position=1)
    archived = list(first.milestones.order_by("position")[:2])
    Milestone.objects.filter(pk__in=[m.pk for m in archived]).update(archived_at=timezone.now())

    seed(scale=TINY)

    live = Milestone.objects.active().filter(project__in=Project.objects.published())
    assert MilestoneCheck.objects.exists()
    assert not MilestoneCheck.objects.exclude(milestone__in=live).exists()


def test_every_ticked_project_has_a_progress_row_that_spans_its_ticks():
    seed(scale=TINY)

    ticks = (
        MilestoneCheck.objects.values_list("user_id", "milestone__project_id")
        .annotate(first=Min("checked_at"), last=Max("checked_at"))
        .order_by()
    )
    spans = {(user, project): (first, last) for user, project, first, last in ticks}
    progress = {
        (row.user_id, row.project_id): row
        for row in ProjectProgress.objects.filter(user__in=User.objects.exclude(username="learner"))
    }
    assert set(progress) == set(spans)
    for key, (first, last) in spans.items():
        assert progress[key].started_at == first
        assert progress[key].last_activity_at >= last


def test_submissions_are_reviewed_by_mentors_unless_waiting_and_statuses_follow_them():
    seed(scale=TINY)

    mentors = set(User.objects.mentors().values_list("pk", flat=True))
    latest = {}
    for submission in Submission.objects.select_related("review").order_by("iteration"):
        latest[(submission.user_id, submission.project_id)] = submission
        if submission.status == SubmissionStatus.WAITING:
            assert not Review.objects.filter(submission=submission).exists()
            continue
        assert submission.review.reviewer_id in mentors
        assert submission.review.reviewer_id != submission.user_id
        assert submission.review.created_at >= submission.submitted_at
        assert submission.claimed_by_id == submission.review.reviewer_id
    expected = {
        SubmissionStatus.WAITING: ProjectStatus.SUBMITTED,
        SubmissionStatus.APPROVED: ProjectStatus.APPROVED,
        SubmissionStatus.CHANGES_REQUESTED: ProjectStatus.CHANGES_REQUESTED,
    }
    statuses = {(row.user_id, row.project_id): row.status for row in ProjectProgress.objects.all()}
    for key, submission in latest.items():
        assert statuses[key] == expected[submission.status], key


def test_iterations_count_up_from_one_per_learner_and_project():
    seed(scale=TINY)

    iterations = defaultdict(list)
    for user, project, iteration in Submission.objects.values_list(
        "user_id", "project_id", "iteration"
    ).order_by("iteration"):
        iterations[(user, project)].append(iteration)
    assert iterations
    assert all(found == list(range(1, len(found) + 1)) for found in iterations.values())


def test_markdown_html_is_stored_as_save_renders_it():
    seed(scale=TINY)

    for model, texts in [
        (Submission, Submission.objects.all()),
        (Review, Review.objects.all()),
        (User, User.objects.exclude(bio="")),
    ]:
        assert texts, model
        for field in markdown_html_fields(model):
            for row in texts:
                assert getattr(row, field.attname) == field.render(row), (model, row.pk)


def test_the_personas_are_the_ones_the_benchmark_expects():
    seed(scale=TINY)

    learner = User.objects.get(username=LEARNER)
    assert ProjectProgress.objects.filter(user=learner).count() == 120
    portfolio = User.objects.get(username=PORTFOLIO)
    assert portfolio.portfolio_public
    approved = ProjectProgress.objects.filter(user=portfolio, status=ProjectStatus.APPROVED)
    assert approved.count() == 60
    credentials = Credential.objects.filter(user=portfolio, kind=CredentialKind.PROJECT)
    assert set(credentials.values_list("project", flat=True)) == set(
        approved.values_list("project", flat=True)
    )
    assert User.objects.filter(groups__name=MENTORS_GROUP, username="bench-mentor").exists()


def test_the_same_seed_plans_the_same_rows():
    catalog = load_catalog()
    now = datetime(2026, 6, 1, tzinfo=UTC)

    def planned(seed_value):
        plan = Plan(rng=random.Random(seed_value), now=now)
        plan_crowd(plan, catalog, CrowdSize.at(TINY), first_id=1)
        return plan.ticks, plan.submissions, plan.reviews

    assert planned(7) == planned(7)
    assert planned(7) != planned(8)


@pytest.mark.urls("bench.urls")  # the server of `make bench`: the site and the floors
def test_every_page_the_benchmark_requests_answers_with_the_real_page():
    """What `make bench` checks before measuring, here with CSRF enforced like the server."""
    seed(scale=TINY)

    for page in pages():
        client = Client(enforce_csrf_checks=True)
        extra = {"HTTP_COOKIE": page.cookie} if page.cookie else {}
        if page.method == "POST":
            response = client.post(
                page.path,
                {"done": "1"},
                HTTP_HX_REQUEST="true",
                HTTP_X_CSRFTOKEN=page.env["BENCH_CSRF"],
                **extra,
            )
        else:
            response = client.get(page.path, **extra)
        assert response.status_code == 200, page.name
        assert is_real_page(page.marker, response.content.decode()), page.name


def test_the_floors_are_the_benchmarks_own_and_not_the_sites(client):
    with pytest.raises(Resolver404):
        resolve("/bench/floor/get/")
    assert client.get("/bench/floor/get/").status_code == 404
