"""Mentor review: the queue of waiting submissions, its order, filters, pages and cost."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from curriculum.models import Project
from portfolio.models import Cohort, CohortMembership, Submission, SubmissionStatus
from tests.factories import UserFactory
from tests.plans import postgresql_only, queries_read, rows_read
from tests.portfolio.review_helpers import claimed, submit

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("review:queue")


@pytest.fixture
def other_project():
    return Project.objects.filter(track__slug="portfolio-projects").order_by("pk").first()


def submission_url(submission):
    return reverse("review:submission", args=[submission.pk])


# The queue


def test_the_queue_lists_waiting_submissions_oldest_first_with_how_long_they_waited(
    client, mentor, learner, other_learner, project, other_project
):
    newer = submit(learner, project, hours_ago=3)
    older = submit(other_learner, other_project, hours_ago=50)
    submit(learner, other_project, hours_ago=80, status=SubmissionStatus.APPROVED)
    client.force_login(mentor)

    page = client.get(QUEUE_URL).content.decode().replace("\xa0", " ")  # timesince's spaces

    assert page.index(submission_url(older)) < page.index(submission_url(newer))
    assert "2 days, 2 hours" in page
    assert "3 hours" in page
    assert 'Waiting for a review <span class="muted">(2)</span>' in page


def test_the_queue_shows_who_holds_a_live_claim(
    client, mentor, other_mentor, learner, other_learner, project, other_project
):
    claimed(submit(learner, project), mentor)
    claimed(submit(other_learner, project), other_mentor)
    claimed(submit(learner, other_project), other_mentor, hours_ago=49)  # expired
    client.force_login(mentor)

    page = client.get(QUEUE_URL).content.decode()

    assert page.count("claimed by you") == 1
    assert page.count("claimed by Max Mentor") == 1


def test_the_queue_filters_by_track_and_level(client, mentor, learner, project, other_project):
    submit(learner, project)
    other = submit(learner, other_project)
    client.force_login(mentor)

    by_track = client.get(QUEUE_URL, {"track": "portfolio-projects"}).content.decode()
    by_level = client.get(
        QUEUE_URL, {"track": "portfolio-projects", "level": other_project.level.slug}
    ).content.decode()
    by_other_level = client.get(
        QUEUE_URL, {"track": "novice-to-principal", "level": project.level.slug}
    ).content.decode()

    assert submission_url(other) in by_track
    assert other_project.title in by_track and project.title not in by_track
    assert other_project.title in by_level and project.title not in by_level
    assert project.title in by_other_level and other_project.title not in by_other_level


def test_an_invalid_filter_is_explained_and_ignored(client, mentor, learner, project):
    submit(learner, project)
    client.force_login(mentor)

    response = client.get(QUEUE_URL, {"track": "no-such-track", "level": "nope"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Track: Select a valid choice. no-such-track is not one of the available choices." in (
        page.replace("&#x27;", "'")
    )
    assert "This filter was ignored." in page
    assert project.title in page


def test_the_queue_is_paginated_by_25(client, mentor, learner, project, other_project):
    for iteration in range(1, 31):
        submit(learner, project, iteration=iteration, hours_ago=100 - iteration)
    client.force_login(mentor)

    first = client.get(QUEUE_URL).content.decode()
    second = client.get(QUEUE_URL, {"page": 2}).content.decode()

    assert first.count('<li class="card">') == 25
    assert "Page 1 of 2" in first and 'rel="next" href="?page=2"' in first
    assert second.count('<li class="card">') == 5


def test_the_queue_costs_the_same_few_queries_for_1_or_200_submissions(
    client, mentor, other_mentor, django_assert_max_num_queries
):
    learners = [UserFactory(username=f"learner{n}") for n in range(5)]
    projects = list(Project.objects.published().order_by("pk")[:40])
    client.force_login(mentor)
    submit(learners[0], projects[0])

    # session, user, the user's permissions, their groups' permissions, the queue's and the
    # catalog's versions (the key of the kept page), tracks, levels, count, the page of
    # submissions with their learner, project, track, level and claimant
    with django_assert_max_num_queries(12) as one:
        assert client.get(QUEUE_URL).status_code == 200

    Submission.objects.bulk_create(
        Submission(
            user=learners[n % 5],
            project=projects[n % 40],
            iteration=n // 40 + 2,
            repository_url="https://github.com/x/y",
            submitted_at=timezone.now() - timedelta(minutes=n),
            status=SubmissionStatus.IN_REVIEW if n % 3 else SubmissionStatus.WAITING,
            claimed_by=other_mentor if n % 3 else None,
            claimed_at=timezone.now() if n % 3 else None,
        )
        for n in range(199)
    )
    with django_assert_max_num_queries(12) as many:
        assert client.get(QUEUE_URL).status_code == 200

    assert len(one.captured_queries) == len(many.captured_queries)


@postgresql_only
def test_a_queue_page_reads_its_own_rows_however_many_wait(client, mentor, learner):
    """The page of submissions reads the 25 it shows, their learners and their projects,
    whether 100 or 600 submissions wait: the same queries read the same rows (see
    tests/plans.py). Only the count goes over the waiting ones, and only through the index
    of open submissions, never the reviewed ones. Ordering every waiting submission by "in
    my cohort" first, as the queue once did, read, joined and sorted all of them."""
    projects = list(Project.objects.published().order_by("pk")[:40])
    others = [UserFactory(username=f"waiting{n}") for n in range(10)]

    def wait(count, status=SubmissionStatus.WAITING):
        sent = Submission.objects.count()
        Submission.objects.bulk_create(
            Submission(
                user=others[n % 10],
                project=projects[n % 40],
                iteration=sent + n + 1,
                repository_url="https://github.com/x/y",
                submitted_at=timezone.now() - timedelta(minutes=n),
                status=status,
            )
            for n in range(count)
        )

    wait(200, SubmissionStatus.APPROVED)
    # People without submissions: reading every user shows, as it does at real size.
    User.objects.bulk_create(User(username=f"reader{n}") for n in range(300))
    # A cohort of the mentor's, whose two learners' submissions come first.
    cohort = Cohort.objects.create(name="Spring", track=projects[0].track, starts_on=date.today())
    cohort.mentors.add(mentor)
    for n in range(2):
        member = UserFactory(username=f"member{n}")
        CohortMembership.objects.create(cohort=cohort, learner=member)
        submit(member, projects[0])
    client.force_login(mentor)
    reads, counted = [], []
    for waiting in (100, 500):
        wait(waiting)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE_URL).status_code == 200
        (count,) = [query for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
        counted.append(rows_read(count["sql"])["portfolio_submission"])
        reads.append(queries_read([query for query in queries if query is not count]))

    assert counted == [102, 602]
    few, many = reads
    assert len(few) == len(many)
    assert few == many
    # The cohort's two, and the 23 others that complete the first page.
    assert sum(few, Counter())["portfolio_submission"] == 2 + 23
