"""Mentor review: the queue, claims (one winner), the review form, and who may see any of it."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from curriculum.models import Project
from portfolio.models import (
    ProjectProgress,
    ProjectStatus,
    Review,
    RubricSignal,
    Submission,
    SubmissionStatus,
    Verdict,
)
from portfolio.review.forms import COMMENT_REQUIRED_MESSAGE
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import ClaimNotHeld, review_create
from tests.conftest import import_shipped_catalog, restore_migrated_data
from tests.factories import UserFactory
from tests.portfolio.review_helpers import claimed, submit

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("review:queue")


@pytest.fixture
def other_project():
    return Project.objects.filter(track__slug="portfolio-projects").order_by("pk").first()


def submission_url(submission):
    return reverse("review:submission", args=[submission.pk])


def claim_url(submission):
    return reverse("review:claim", args=[submission.pk])


def review_data(verdict=Verdict.APPROVE, comment="", met=(), **notes):
    data = {"verdict": verdict, "comment": comment}
    for signal in RubricSignal:
        if signal.value in met:
            data[f"{signal.value}_met"] = "on"
        data[f"{signal.value}_note"] = notes.get(signal.value, "")
    return data


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

    # session, user, the user's permissions, their groups' permissions, tracks, levels,
    # count, the page of submissions with their learner, project, track, level and claimant
    with django_assert_max_num_queries(10) as one:
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
    with django_assert_max_num_queries(10) as many:
        assert client.get(QUEUE_URL).status_code == 200

    assert len(one.captured_queries) == len(many.captured_queries)


# Who may see it


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other_learner"])
def test_non_reviewers_get_404_on_every_review_url(request, client, persona, submission):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    responses = [
        client.get(QUEUE_URL),
        client.get(submission_url(submission)),
        client.post(claim_url(submission)),
        client.post(submission_url(submission), review_data()),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WAITING
    assert not Review.objects.exists()


def test_an_admin_may_review(client, site_admin, submission):
    client.force_login(site_admin)

    assert client.get(QUEUE_URL).status_code == 200
    assert client.get(submission_url(submission)).status_code == 200


def test_a_mentor_cannot_claim_or_review_their_own_submission(client, mentor, project):
    own = submit(mentor, project)
    client.force_login(mentor)

    assert submission_claim(submission_id=own.pk, mentor=mentor) is False
    assert client.get(submission_url(own)).status_code == 404
    assert client.post(claim_url(own)).status_code == 404
    assert client.post(submission_url(own), review_data()).status_code == 404
    own.status, own.claimed_by, own.claimed_at = SubmissionStatus.IN_REVIEW, mentor, timezone.now()
    own.save()
    with pytest.raises(ClaimNotHeld):
        review_create(submission=own, reviewer=mentor, verdict="approve", comment="", rubric={})


def test_a_mentors_own_submission_is_neither_listed_nor_counted_in_their_queue(
    client, mentor, other_mentor, learner, project, other_project
):
    own = submit(mentor, project)
    submit(learner, other_project)
    client.force_login(mentor)

    page = client.get(QUEUE_URL).content.decode()

    assert submission_url(own) not in page
    assert 'Waiting for a review <span class="muted">(1)</span>' in page
    client.force_login(other_mentor)
    assert submission_url(own) in client.get(QUEUE_URL).content.decode()


def test_the_outcome_is_said_in_words(client, mentor, submission):
    client.force_login(mentor)
    client.post(claim_url(submission))

    response = client.post(submission_url(submission), review_data(), follow=True)

    assert "Review sent: approved." in response.content.decode()


def test_posting_without_a_csrf_token_is_forbidden(mentor, submission):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentor)

    assert client.post(claim_url(submission)).status_code == 403
    submission.refresh_from_db()
    assert submission.claimed_by is None


# Claiming


def test_a_mentor_claims_a_waiting_submission_and_sees_the_review_form(client, mentor, submission):
    client.force_login(mentor)

    response = client.post(claim_url(submission), follow=True)

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert submission.claimed_by == mentor
    page = response.content.decode()
    assert "You claimed this submission" in page
    assert "<legend>Rubric</legend>" in page
    assert 'name="clear_readme_met"' in page


def test_the_second_claimer_is_told_another_mentor_was_first(
    client, mentor, other_mentor, submission
):
    client.force_login(other_mentor)
    client.post(claim_url(submission))
    client.force_login(mentor)

    response = client.post(claim_url(submission), follow=True)

    assert "Another mentor claimed this submission first." in response.content.decode()
    submission.refresh_from_db()
    assert submission.claimed_by == other_mentor


def test_an_expired_claim_can_be_taken_by_another_mentor(mentor, other_mentor, submission):
    claimed(submission, other_mentor, hours_ago=49)

    assert submission_claim(submission_id=submission.pk, mentor=mentor) is True

    submission.refresh_from_db()
    assert submission.claimed_by == mentor


def test_a_live_claim_cannot_be_taken(mentor, other_mentor, submission):
    claimed(submission, other_mentor, hours_ago=47)

    assert submission_claim(submission_id=submission.pk, mentor=mentor) is False


@pytest.fixture
def catalog_after_flushes(transactional_db):
    # An earlier transactional test's flush may have emptied the catalog and the Mentors group.
    restore_migrated_data()
    import_shipped_catalog()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers, so two claims can't race: run on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_claims_have_exactly_one_winner(catalog_after_flushes, project):
    learner = UserFactory(username="racer-learner")
    mentors = [UserFactory(username=f"racer-{n}") for n in range(2)]
    for mentor in mentors:
        mentor.make_mentor()
    submission = submit(learner, project)
    barrier = threading.Barrier(2)
    results = []

    def claim_as(mentor):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(submission_claim(submission_id=submission.pk, mentor=mentor))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=claim_as, args=[mentor]) for mentor in mentors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False, True]
    submission.refresh_from_db()
    assert submission.claimed_by in mentors


# Reviewing


def test_approving_approves_the_submission_and_the_project(
    client, mentor, learner, project, submission
):
    client.force_login(mentor)
    client.post(claim_url(submission))

    response = client.post(
        submission_url(submission),
        review_data(comment="Lovely **work**.", met=["clear_readme"], tests_included="add some"),
    )

    assert response.status_code == 302
    assert response.url == QUEUE_URL
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    progress = ProjectProgress.objects.get(user=learner, project=project)
    assert progress.status == ProjectStatus.APPROVED
    review = submission.review
    assert review.reviewer == mentor
    assert review.rubric["clear_readme"] == {"met": True, "note": ""}
    assert review.rubric["tests_included"] == {"met": False, "note": "add some"}
    assert set(review.rubric) == {signal.value for signal in RubricSignal}


def test_requesting_changes_without_a_comment_is_refused_and_keeps_the_input(
    client, mentor, learner, project, submission
):
    client.force_login(mentor)
    client.post(claim_url(submission))

    response = client.post(
        submission_url(submission),
        review_data(Verdict.REQUEST_CHANGES, comment="   ", met=["deployment"], deployment="ok"),
    )

    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert COMMENT_REQUIRED_MESSAGE in page
    assert 'id="id_deployment_met" checked' in page
    assert 'value="ok"' in page
    chosen = r'<input type="radio" name="verdict" value="request_changes"[^>]* checked'
    assert re.search(chosen, page)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert not Review.objects.exists()
    assert ProjectProgress.objects.get(user=learner).status == ProjectStatus.SUBMITTED


def test_requesting_changes_with_a_comment_sets_changes_requested_on_both(
    client, mentor, learner, project, submission
):
    client.force_login(mentor)
    client.post(claim_url(submission))

    client.post(
        submission_url(submission),
        review_data(Verdict.REQUEST_CHANGES, comment="Add tests, please."),
    )

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    progress = ProjectProgress.objects.get(user=learner, project=project)
    assert progress.status == ProjectStatus.CHANGES_REQUESTED
    assert timezone.now() - progress.last_activity_at < timedelta(minutes=1)


def test_reviewing_without_holding_the_claim_is_refused(client, mentor, other_mentor, submission):
    client.force_login(mentor)

    unclaimed = client.post(submission_url(submission), review_data(), follow=True)
    claimed(submission, other_mentor)
    claimed_by_other = client.post(submission_url(submission), review_data(), follow=True)

    assert "Claim this submission before reviewing it." in unclaimed.content.decode()
    assert "Claim this submission before reviewing it." in claimed_by_other.content.decode()
    assert "Claimed by Max Mentor" in claimed_by_other.content.decode()
    assert not Review.objects.exists()
    with pytest.raises(ClaimNotHeld):
        review_create(
            submission=submission, reviewer=mentor, verdict="approve", comment="", rubric={}
        )


def test_a_review_after_the_claim_expired_is_refused(mentor, submission):
    claimed(submission, mentor, hours_ago=49)

    with pytest.raises(ClaimNotHeld):
        review_create(
            submission=submission, reviewer=mentor, verdict="approve", comment="", rubric={}
        )

    assert not Review.objects.exists()


def test_the_submission_page_shows_the_evidence_and_earlier_iterations(
    client, mentor, other_mentor, learner, project
):
    first = claimed(submit(learner, project, hours_ago=100), other_mentor)
    review_create(
        submission=first,
        reviewer=other_mentor,
        verdict=Verdict.REQUEST_CHANGES,
        comment="Needs a *README*.",
        rubric={"clear_readme": {"met": False, "note": "missing"}},
    )
    second = submit(
        learner,
        project,
        iteration=2,
        demo_url="https://example.com/demo",
        write_up="I added a **README**.",
    )
    client.force_login(mentor)

    page = client.get(submission_url(second)).content.decode()

    assert '<a href="https://github.com/x/y" rel="nofollow noopener">' in page
    assert '<a href="https://example.com/demo" rel="nofollow noopener">' in page
    assert "I added a <strong>README</strong>." in page
    assert "Iteration 1" in page
    assert "Needs a <em>README</em>." in page
    assert "missing" in page
    assert "Claim this submission" in page


def test_a_malicious_comment_is_rendered_harmless(client, mentor, other_mentor, submission):
    claimed(submission, mentor)
    client.force_login(mentor)
    client.post(
        submission_url(submission),
        review_data(
            Verdict.REQUEST_CHANGES, comment="<script>alert(1)</script>[x](javascript:alert(1))"
        ),
    )
    client.force_login(other_mentor)

    page = client.get(submission_url(submission)).content.decode()

    assert Review.objects.filter(submission=submission).exists()
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page
