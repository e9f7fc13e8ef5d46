"""Mentor review: the review form, the verdict it records, and the submission page it is on."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from portfolio.models import (
    ProjectProgress,
    ProjectStatus,
    Review,
    RubricSignal,
    SubmissionStatus,
    Verdict,
)
from portfolio.review.forms import COMMENT_REQUIRED_MESSAGE
from portfolio.review.verdict import ClaimNotHeld, review_create
from tests.portfolio.review_helpers import QUEUE_URL, claim_url, claimed, review_data, submit
from tests.portfolio.review_helpers import review_page_url as submission_url

pytestmark = pytest.mark.django_db


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
