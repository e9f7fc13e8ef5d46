"""The conversation on a submission: who may read and write it, messages with and without
htmx, events in the timeline, leaving, closing, and what it costs."""

import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portfolio.models import (
    Message,
    MessageKind,
    Notification,
    Review,
    ReviewRating,
    Submission,
    SubmissionStatus,
    Verdict,
)
from portfolio.review.conversation import (
    CLOSED_MESSAGE,
    NOT_STARTED_MESSAGE,
    CannotPost,
    conversation_post,
)
from portfolio.review.verdict import review_create
from portfolio.submissions import submission_create
from tests.conftest import import_shipped_catalog, restore_migrated_data
from tests.factories import UserFactory
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
HTMX = {"HX-Request": "true"}


def close_url(submission):
    return reverse("portfolio:submission-close", args=[submission.pk])


def leave_url(submission):
    return reverse("review:leave", args=[submission.pk])


def post(client, submission, body, *, after=0, htmx=False):
    return client.post(
        thread_url(submission), {"body": body, "after": after}, headers=HTMX if htmx else {}
    )


def kinds(submission):
    return list(submission.messages.order_by("pk").values_list("kind", flat=True))


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


@pytest.fixture
def worker_ready(transactional_db):
    """The worker closes database connections between tasks, which only works outside the
    test's wrapping transaction; a transactional test starts from a flushed database."""
    restore_migrated_data()
    import_shipped_catalog()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


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
