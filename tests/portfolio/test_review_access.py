"""Mentor review: who may see the queue and a submission, and who may claim or review it."""

import pytest
from django.test import Client
from django.utils import timezone

from portfolio.models import Review, SubmissionStatus
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import ClaimNotHeld, review_create
from tests.portfolio.review_helpers import QUEUE_URL, claim_url, review_data, submit
from tests.portfolio.review_helpers import review_page_url as submission_url

pytestmark = pytest.mark.django_db


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
