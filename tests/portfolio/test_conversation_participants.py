"""The conversation on a submission: who may read and write it, and messages with and without
htmx."""

import pytest
from django.test import Client
from django.urls import reverse

from portfolio.models import MessageKind, Notification, ReviewRating, Verdict
from portfolio.review.conversation import (
    CLOSED_MESSAGE,
    NOT_STARTED_MESSAGE,
    CannotPost,
    conversation_post,
)
from tests.portfolio.conversation_helpers import HTMX, close_url, kinds, post
from tests.portfolio.review_helpers import (
    claimed,
    learner_page_url,
    review_page_url,
    reviewed,
    thread_url,
)

pytestmark = pytest.mark.django_db


# Who takes part


@pytest.mark.parametrize("persona", ["anonymous", "other_learner", "other_mentor"])
def test_everyone_but_the_participants_gets_404_on_every_thread_url(
    request, client, persona, learner, mentor, submission
):
    reviewed(submission, mentor, verdict=Verdict.REQUEST_CHANGES)
    conversation_post(submission=submission, author=learner, body="Which tests?")
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    responses = [
        client.get(learner_page_url(submission)),
        client.get(thread_url(submission), {"after": 0}, headers=HTMX),
        client.post(thread_url(submission), {"body": "Let me in"}),
        client.post(close_url(submission)),
        client.post(reverse("portfolio:submission-rating", args=[submission.pk])),
    ]

    assert [response.status_code for response in responses] == [404] * 5
    assert submission.messages.filter(body="Let me in").count() == 0
    submission.refresh_from_db()
    assert submission.conversation_closed_at is None
    if persona == "other_mentor":
        # The review page stays open to every mentor, without the conversation.
        page = client.get(review_page_url(submission)).content.decode()
        assert "Which tests?" not in page
        assert 'id="conversation"' not in page


def test_the_learner_the_claimant_and_admins_read_the_thread(
    client, learner, mentor, site_admin, submission
):
    claimed(submission, mentor)
    conversation_post(submission=submission, author=mentor, body="Does it handle *tables*?")

    for user, url in [
        (learner, learner_page_url(submission)),
        (mentor, review_page_url(submission)),
        (site_admin, review_page_url(submission)),
    ]:
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Does it handle <em>tables</em>?" in page, user
        assert 'id="message-form"' in page, user


def test_mentors_and_admins_opening_the_learner_page_are_sent_to_the_review_page(
    client, mentor, site_admin, submission
):
    claimed(submission, mentor)
    for user in (mentor, site_admin):
        client.force_login(user)
        response = client.get(learner_page_url(submission))
        assert response.status_code == 302
        assert response.url == review_page_url(submission)


def test_a_mentor_whose_claim_expired_is_out_of_the_conversation(
    client, learner, mentor, other_mentor, submission
):
    claimed(submission, mentor, hours_ago=49)
    client.force_login(mentor)

    assert client.get(thread_url(submission), {"after": 0}, headers=HTMX).status_code == 404
    assert client.post(thread_url(submission), {"body": "Still there?"}).status_code == 404

    claimed(submission, other_mentor)
    client.force_login(other_mentor)
    page = client.get(review_page_url(submission)).content.decode()
    # The new claimant sees the history: both claims.
    assert page.count("claimed the submission") == 2


def test_the_reviewer_keeps_the_conversation_after_the_verdict(client, mentor, submission):
    reviewed(submission, mentor, hours_ago=100)  # long after the claim's 48 hours

    client.force_login(mentor)
    response = post(client, submission, "Any questions?")

    assert response.status_code == 302
    assert submission.messages.filter(body="Any questions?").exists()


# Writing


def test_a_message_appears_without_reload_with_htmx(client, learner, mentor, submission):
    claimed(submission, mentor)
    last = submission.messages.get().pk
    client.force_login(learner)

    response = post(client, submission, "It does: **GFM** tables.", after=last, htmx=True)

    assert response.status_code == 200
    body = response.content.decode()
    message = submission.messages.get(kind=MessageKind.MESSAGE)
    # A fresh form, the new entry appended to the thread, and the last id moved on.
    assert body.lstrip().startswith('<form id="message-form"')
    assert "It does: <strong>GFM</strong> tables." in body
    assert 'hx-swap-oob="beforeend:#thread-entries"' in body
    assert f'id="message-{message.pk}"' in body
    assert f'id="thread-after" name="after" value="{message.pk}" hx-swap-oob="true"' in body
    assert "claimed the submission" not in body  # already shown, not sent again
    assert '<textarea name="body"' in body and "GFM" not in body.split("</form>")[0]


def test_without_javascript_a_message_posts_and_the_page_comes_back(
    client, learner, mentor, submission
):
    claimed(submission, mentor)
    client.force_login(mentor)

    response = post(client, submission, "Why Jinja2?")

    message = submission.messages.get(kind=MessageKind.MESSAGE)
    assert response.status_code == 302
    assert response.url == f"{review_page_url(submission)}#message-{message.pk}"
    assert message.author == mentor
    assert message.body_html.strip() == "<p>Why Jinja2?</p>"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write something before you send it."),
        ("   \n ", "Write something before you send it."),
        ("x" * 10_001, "Ensure this value has at most 10000 characters (it has 10001)."),
    ],
)
def test_a_bad_message_is_explained_and_nothing_is_written(
    client, learner, mentor, submission, body, error
):
    claimed(submission, mentor)
    client.force_login(learner)

    with_htmx = post(client, submission, body, htmx=True)
    without = post(client, submission, body)

    for response in (with_htmx, without):
        assert response.status_code == 200
        assert error in response.content.decode()
    assert 'id="message-form"' in with_htmx.content.decode()
    assert "Your message was not sent" in without.content.decode()
    assert kinds(submission) == [MessageKind.CLAIMED]
    assert not Notification.objects.filter(user=mentor).exists()


def test_nobody_writes_before_the_first_claim(client, learner, submission):
    client.force_login(learner)

    page = client.get(learner_page_url(submission)).content.decode()
    response = post(client, submission, "Hello?")

    assert NOT_STARTED_MESSAGE in page
    assert 'id="message-form"' not in page
    assert NOT_STARTED_MESSAGE in response.content.decode()
    assert not submission.messages.exists()


def test_nobody_writes_in_a_closed_conversation(client, learner, mentor, submission):
    reviewed(submission, mentor)
    client.force_login(learner)
    client.post(close_url(submission))

    response = post(client, submission, "One more thing", htmx=True)

    assert CLOSED_MESSAGE in response.content.decode()
    assert kinds(submission) == ["claimed", "reviewed", "closed"]
    with pytest.raises(CannotPost):
        conversation_post(submission=submission, author=mentor, body="Me neither")
    page = client.get(learner_page_url(submission)).content.decode()
    assert 'id="message-form"' not in page
    assert "hx-trigger" not in page  # a closed thread stops asking for news


def test_markdown_in_messages_is_sanitized(client, learner, mentor, submission):
    claimed(submission, mentor)
    client.force_login(learner)

    post(
        client,
        submission,
        '<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x">b</b>',
    )

    html = submission.messages.get(kind=MessageKind.MESSAGE).body_html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_posting_without_a_csrf_token_is_forbidden(learner, mentor, submission):
    reviewed(submission, mentor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    rating_url = reverse("portfolio:submission-rating", args=[submission.pk])

    assert client.post(thread_url(submission), {"body": "Hi"}).status_code == 403
    assert client.post(close_url(submission)).status_code == 403
    assert client.post(rating_url, {"helpfulness": "helpful"}).status_code == 403
    client.force_login(mentor)
    assert client.post(reverse("review:leave", args=[submission.pk])).status_code == 403
    assert kinds(submission) == [MessageKind.CLAIMED, MessageKind.REVIEWED]
    assert not ReviewRating.objects.exists()
    submission.refresh_from_db()
    assert submission.conversation_closed_at is None
