"""Closing the conversation on a submission, what a message notifies, and what the thread
costs in queries."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Message, MessageKind, Notification, SubmissionStatus, Verdict
from portfolio.review.conversation import CLOSED_MESSAGE, conversation_post
from portfolio.submissions import submission_create
from tests.conftest import run_worker
from tests.factories import UserFactory
from tests.portfolio.conversation_helpers import HTMX, close_url, kinds, leave_url, post
from tests.portfolio.review_helpers import (
    claimed,
    learner_page_url,
    markdown_project,
    review_page_url,
    reviewed,
    submit,
    thread_url,
)

pytestmark = pytest.mark.django_db


# Closing


def test_the_learner_closes_after_the_verdict_and_not_before(client, learner, mentor, submission):
    claimed(submission, mentor)
    client.force_login(learner)

    early = client.post(close_url(submission), follow=True)

    assert "The conversation can be closed once the mentor has given the verdict." in (
        early.content.decode()
    )
    submission.refresh_from_db()
    assert submission.conversation_closed_at is None
    reviewed_page = client.get(learner_page_url(submission)).content.decode()
    assert "Close the conversation" not in reviewed_page

    client.force_login(mentor)
    client.post(
        review_page_url(submission), {"verdict": Verdict.REQUEST_CHANGES, "comment": "Tests."}
    )
    client.force_login(learner)
    assert "Close the conversation" in client.get(learner_page_url(submission)).content.decode()
    closed = client.post(close_url(submission), follow=True)
    again = client.post(close_url(submission), follow=True)

    assert "The conversation is closed. Thank you!" in closed.content.decode()
    assert "This conversation is already closed." in again.content.decode()
    assert kinds(submission).count(MessageKind.CLOSED) == 1


def test_the_mentor_cannot_close_the_learners_conversation(client, mentor, submission):
    reviewed(submission, mentor)
    client.force_login(mentor)

    assert client.post(close_url(submission)).status_code == 404
    submission.refresh_from_db()
    assert submission.conversation_closed_at is None


def test_a_new_iteration_continues_the_conversation_of_the_previous_one(
    client, learner, mentor, project, submission
):
    reviewed(submission, mentor, verdict=Verdict.REQUEST_CHANGES, comment="Add tests.")
    conversation_post(submission=submission, author=learner, body="Unit or integration?")

    second = submission_create(user=learner, project=project, repository_url="https://x.org/y")

    submission.refresh_from_db()
    assert submission.conversation_closed_at is not None
    assert kinds(submission)[-1] == MessageKind.CONTINUED
    assert second.conversation_closed_at is None
    client.force_login(learner)
    page = client.get(learner_page_url(submission)).content.decode()
    assert "Continued in iteration 2." in page
    assert f'href="{learner_page_url(second)}"' in page  # the iterations' links


def test_withdrawing_closes_the_conversation(client, learner, mentor, submission):
    claimed(submission, mentor)
    client.force_login(mentor)
    client.post(leave_url(submission))
    client.force_login(learner)

    client.post(reverse("portfolio:submission-withdraw", args=[submission.pk]))

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    assert CLOSED_MESSAGE in post(client, submission, "Bye", htmx=True).content.decode()


# Notifications


def test_each_message_notifies_the_other_side_in_the_app_and_by_email(worker_ready, client):
    learner = UserFactory(username="lena", display_name="Lena Learner")
    mentor = UserFactory(username="mira", display_name="Mira Mentor")
    mentor.make_mentor()
    bystander = UserFactory(username="max")
    bystander.make_mentor()
    submission = claimed(submit(learner, markdown_project()), mentor)
    Notification.objects.all().delete()

    client.force_login(mentor)
    post(client, submission, "Why *Jinja2*?", htmx=True)
    client.force_login(learner)
    post(client, submission, "Templates keep HTML out of Python.")
    assert mail.outbox == []  # nothing is sent inside the request
    run_worker()

    question, answer = submission.messages.filter(kind=MessageKind.MESSAGE).order_by("pk")
    to_learner = Notification.objects.get(user=learner)
    to_mentor = Notification.objects.get(user=mentor)
    assert to_learner.message == "Mira Mentor wrote about Markdown → HTML Converter (iteration 1)."
    assert to_learner.url == f"{learner_page_url(submission)}#message-{question.pk}"
    assert to_mentor.url == f"{review_page_url(submission)}#message-{answer.pk}"
    assert not Notification.objects.filter(user=bystander).exists()
    assert [message.to for message in mail.outbox] == [[learner.email], [mentor.email]]
    assert "Why *Jinja2*?" in mail.outbox[0].body
    assert re.search(rf"http://\S+{learner_page_url(submission)}#message-", mail.outbox[0].body)
    assert mail.outbox[0].subject == f"[Roadmap] {to_learner.message}"
    learner.refresh_from_db()
    assert learner.unread_notifications == 1


# What it costs


def grow_thread(submission, learner, mentor, count):
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            submission=submission,
            author=(learner, mentor)[n % 2],
            body=f"Message number {n}",
            body_html=f"<p>Message number {n}</p>",
            created_at=now - timedelta(minutes=count - n),
        )
        for n in range(count)
    )


# learner: session, user, the submission with its learner, project, claimant, review,
# reviewer and rating, its iterations, the entries with their authors, screenshots.
# mentor: session, user, is a mentor (the review pages' rule), their second factor, the same
# submission with its screenshots, can it be claimed, the entries with their authors,
# earlier iterations.
@pytest.mark.parametrize(("page", "budget"), [("learner", 6), ("mentor", 9)])
def test_the_thread_costs_the_same_queries_for_5_or_200_messages(
    client, learner, mentor, submission, page, budget, django_assert_max_num_queries
):
    reviewed(submission, mentor, verdict=Verdict.REQUEST_CHANGES, comment="Tests.")
    user, url = (learner, learner_page_url(submission))
    if page == "mentor":
        user, url = (mentor, review_page_url(submission))
    client.force_login(user)
    counts = []
    for added, shown in [(5, 5), (195, 200)]:
        grow_thread(submission, learner, mentor, added)
        with django_assert_max_num_queries(budget) as queries:
            response = client.get(url)
        counts.append(len(queries.captured_queries))
        assert response.content.decode().count('class="entry entry-message"') == shown
    assert counts[0] == counts[1]


def test_polling_costs_the_same_queries_for_1_or_200_new_messages(
    client, learner, mentor, submission, django_assert_max_num_queries
):
    claimed(submission, mentor)
    last = submission.messages.get().pk
    client.force_login(learner)
    counts = []
    for count in (1, 199):
        grow_thread(submission, learner, mentor, count)
        # session, user, the submission with what it shows, the new entries with authors
        with django_assert_max_num_queries(4) as queries:
            client.get(thread_url(submission), {"after": last}, headers=HTMX)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
