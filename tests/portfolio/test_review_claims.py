"""Mentor review: claiming a submission, and one winner when two mentors claim it at once."""

import threading

import pytest
from django.db import connection

from portfolio.models import SubmissionStatus
from portfolio.review.queue import submission_claim
from tests.conftest import import_shipped_catalog, restore_migrated_data
from tests.factories import UserFactory
from tests.portfolio.review_helpers import claim_url, claimed, submit

pytestmark = pytest.mark.django_db


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
