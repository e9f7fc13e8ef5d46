"""The conversation's timeline: polling for new entries, claims, verdicts and leaving among the
messages, and the timeline the migration gives reviews from before conversations."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from portfolio.models import MessageKind, Review, Submission, SubmissionStatus, Verdict
from portfolio.review.conversation import CLOSED_MESSAGE, conversation_post
from portfolio.review.verdict import review_create
from tests.factories import UserFactory
from tests.portfolio.conversation_helpers import HTMX, close_url, kinds, leave_url
from tests.portfolio.review_helpers import (
    claimed,
    learner_page_url,
    markdown_project,
    review_page_url,
    thread_url,
)

pytestmark = pytest.mark.django_db


# Polling


def test_polling_returns_only_the_entries_after_the_last_one_shown(
    client, learner, mentor, submission
):
    claimed(submission, mentor)
    first = conversation_post(submission=submission, author=mentor, body="First question")
    second = conversation_post(submission=submission, author=mentor, body="Second question")
    client.force_login(learner)

    response = client.get(thread_url(submission), {"after": first.pk}, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Second question" in body and "First question" not in body
    assert f'value="{second.pk}" hx-swap-oob="true"' in body
    nothing_new = client.get(thread_url(submission), {"after": second.pk}, headers=HTMX)
    assert nothing_new.status_code == 204
    assert client.get(thread_url(submission), {"after": "x"}, headers=HTMX).status_code == 400


def test_an_update_brings_the_controls_when_it_changes_what_the_reader_may_do(
    client, learner, mentor, submission
):
    client.force_login(learner)
    claimed(submission, mentor)

    # The page had no entry: the claim starts the conversation and brings the form.
    started = client.get(thread_url(submission), {"after": 0}, headers=HTMX).content.decode()
    question = conversation_post(submission=submission, author=mentor, body="Why?")
    plain = client.get(thread_url(submission), {"after": question.pk - 1}, headers=HTMX)
    review = reviewed_after_claim(submission, mentor)
    verdict = client.get(thread_url(submission), {"after": question.pk}, headers=HTMX)
    client.post(close_url(submission))
    closed = client.get(thread_url(submission), {"after": review}, headers=HTMX)

    assert '<div id="thread-composer" hx-swap-oob="true">' in started
    assert 'id="message-form"' in started
    assert "Mira Mentor is reviewing it." in started
    assert "thread-composer" not in plain.content.decode()
    assert "thread-close" not in plain.content.decode()
    # The verdict lets the learner close, and keeps the form they may be typing in.
    verdict = verdict.content.decode()
    assert '<div id="thread-close" hx-swap-oob="true">' in verdict
    assert "Close the conversation" in verdict
    assert "thread-composer" not in verdict
    # …and the learner's page says where the submission stands, and asks for a rating.
    assert '<div id="submission-status" class="submission-status" hx-swap-oob="true">' in verdict
    assert "Reviewed: approved." in verdict
    assert '<div id="rating-region" hx-swap-oob="true">' in verdict
    assert "Rate the review" in verdict
    assert "submission-status" not in plain.content.decode()
    # Closed: the form goes, and so does the poll.
    closed = closed.content.decode()
    assert CLOSED_MESSAGE in closed
    assert 'id="message-form"' not in closed
    assert '<div id="thread-poll" hx-swap-oob="true">' in closed
    assert "hx-trigger" not in closed


def test_the_mentors_updates_leave_the_learners_page_parts_out(client, learner, mentor, submission):
    claimed(submission, mentor)
    client.force_login(mentor)

    update = client.get(thread_url(submission), {"after": 0}, headers=HTMX).content.decode()

    assert "claimed the submission" in update
    assert "submission-status" not in update
    assert "rating-region" not in update


def reviewed_after_claim(submission, mentor):
    """Give the verdict on a submission `mentor` claimed; the id of its timeline entry."""
    review_create(
        submission=submission, reviewer=mentor, verdict=Verdict.APPROVE, comment="", rubric={}
    )
    return submission.messages.get(kind=MessageKind.REVIEWED).pk


def test_the_page_polls_while_the_conversation_is_open(
    client, learner, mentor, submission, settings
):
    settings.CONVERSATION_POLL_SECONDS = 7
    claimed(submission, mentor)
    last = submission.messages.get().pk
    client.force_login(learner)

    page = client.get(learner_page_url(submission)).content.decode()

    assert f'hx-get="{thread_url(submission)}" hx-trigger="every 7s"' in page
    assert f'id="thread-after" name="after" value="{last}"' in page
    # Without JavaScript, the poll URL leads back to the page.
    assert client.get(thread_url(submission)).url == f"{learner_page_url(submission)}#conversation"


# Events in the timeline


def test_claim_message_verdict_and_close_are_one_timeline(client, learner, mentor, submission):
    claimed(submission, mentor)
    conversation_post(submission=submission, author=mentor, body="Where are the tests?")
    conversation_post(submission=submission, author=learner, body="In tests/, added now.")
    client.force_login(mentor)
    client.post(
        review_page_url(submission),
        {"verdict": Verdict.APPROVE, "comment": "Now **with** tests.", "clear_readme_met": "on"},
    )
    client.force_login(learner)
    client.post(close_url(submission))

    page = client.get(learner_page_url(submission)).content.decode()

    order = [
        "Mira Mentor claimed the submission",
        "Where are the tests?",
        "In tests/, added now.",
        "Mira Mentor gave the verdict: <strong>approved</strong>",
        "Now <strong>with</strong> tests.",
        "Lena Learner closed the conversation.",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert "✓ Met" in page  # the rubric, where the verdict was given
    assert CLOSED_MESSAGE in page


def test_a_mentor_leaves_before_the_verdict_and_the_submission_goes_back_to_the_queue(
    client, learner, mentor, other_mentor, submission
):
    claimed(submission, mentor)
    conversation_post(submission=submission, author=mentor, body="I'll pass on this one.")
    client.force_login(mentor)

    response = client.post(leave_url(submission), follow=True)

    assert "it is back in the queue, with its conversation" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WAITING
    assert submission.claimed_by is None
    assert kinds(submission) == ["claimed", "message", "left"]
    assert client.get(thread_url(submission), {"after": 0}, headers=HTMX).status_code == 404
    # Another mentor takes it with its history.
    claimed(submission, other_mentor)
    client.force_login(other_mentor)
    page = client.get(review_page_url(submission)).content.decode()
    assert "I'll pass on this one." in page.replace("&#x27;", "'")
    assert "left; the submission went back to the queue" in page


def test_leaving_needs_a_live_claim(client, mentor, other_mentor, submission):
    claimed(submission, other_mentor)
    client.force_login(mentor)

    response = client.post(leave_url(submission), follow=True)

    assert "You hold no claim on this submission" in response.content.decode()
    submission.refresh_from_db()
    assert submission.claimed_by == other_mentor
    client.force_login(other_mentor)
    reviewed_page = client.get(review_page_url(submission)).content.decode()
    assert "Leave this submission" in reviewed_page


# Reviews from before conversations


def test_the_migration_gives_earlier_reviews_their_timeline(learner, other_learner, mentor):
    project = markdown_project()
    now = timezone.now()

    def old_submission(user, iteration, *, days_ago, reviewed_days_ago=None, **fields):
        submission = Submission.objects.create(
            user=user,
            project=project,
            iteration=iteration,
            repository_url="https://x.org/y",
            submitted_at=now - timedelta(days=days_ago),
            **fields,
        )
        if reviewed_days_ago is not None:
            Review.objects.create(
                submission=submission,
                reviewer=mentor,
                verdict=Verdict.REQUEST_CHANGES,
                created_at=now - timedelta(days=reviewed_days_ago),
            )
        return submission

    claim = {"claimed_by": mentor, "claimed_at": now - timedelta(days=39)}
    first = old_submission(learner, 1, days_ago=40, reviewed_days_ago=38, **claim)
    second = old_submission(learner, 2, days_ago=10, reviewed_days_ago=5, **claim)
    withdrawn = old_submission(other_learner, 1, days_ago=3, status=SubmissionStatus.WITHDRAWN)
    long_ago = old_submission(UserFactory(username="early"), 1, days_ago=31, reviewed_days_ago=30)

    import_module("portfolio.migrations.0015_conversation_history").add_history(apps, None)

    assert kinds(first) == ["claimed", "reviewed", "continued"]
    assert kinds(second) == ["claimed", "reviewed"]
    for submission in (first, second, withdrawn, long_ago):
        submission.refresh_from_db()
    assert first.conversation_closed_at == second.submitted_at
    assert second.conversation_closed_at is None  # reviewed 5 days ago: still open
    assert withdrawn.conversation_closed_at is not None
    assert long_ago.conversation_closed_at is not None  # no reminders for old reviews
    assert kinds(long_ago) == ["reviewed"]
