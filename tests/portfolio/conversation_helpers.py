"""Taking part in the conversation on a submission as a browser does: its addresses, posting
with and without htmx, and the kinds of entry in its timeline."""

from django.urls import reverse

from tests.portfolio.review_helpers import thread_url

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
