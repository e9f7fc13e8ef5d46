"""The learner's page of a submission (evidence, place in the queue, conversation, review and
its rating), and the conversation's URLs, which the mentor's review page uses too. Every URL
names a submission: only those who take part in its conversation get anything but a 404."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portfolio.models import MessageKind, Submission, SubmissionStatus
from portfolio.notifications import submission_thread_url
from portfolio.review.access import get_submission_for_learner, get_submission_for_participant
from portfolio.review.conversation import (
    NOT_REVIEWED_MESSAGE,
    CannotPost,
    conversation_close,
    conversation_post,
    conversation_thread,
    review_of,
    thread_entries,
    thread_of,
)
from portfolio.review.feedback import NOT_RATABLE_MESSAGE, review_rate
from portfolio.review.forms import MessageForm, RatingForm
from portfolio.review.queue import live_claimant, queue_places
from roadmap.ratelimit import rate_limited


def _learner_state(submission, rating_form=None) -> dict:
    """What the learner's page says of where the submission stands, and its rating form: the
    parts an update of the conversation refreshes when a claim, a leave or a verdict comes."""
    if rating_form is None:
        rating = getattr(review_of(submission), "rating", None)
        initial = {"helpfulness": rating.helpfulness, "comment": rating.comment} if rating else None
        rating_form = RatingForm(initial=initial)
    return {
        "submission": submission,
        "project": submission.project,
        "place": queue_places([submission]).get(submission.pk),
        "claimant": live_claimant(submission),
        "can_withdraw": submission.status == SubmissionStatus.WAITING
        and not submission.claimed_by_id,
        "rating_form": rating_form,
    }


@require_GET
def submission_page(request, pk):
    submission = get_submission_for_participant(request, pk)
    if submission.user_id != request.user.pk:
        return redirect("review:submission", pk=submission.pk)
    return _render_page(request, submission)


def _render_page(request, submission, rating_form=None):
    context = {
        **_learner_state(submission, rating_form),
        "iterations": Submission.objects.filter(user=submission.user, project=submission.project)
        .order_by("iteration")
        .values_list("pk", "iteration", named=True),
        "thread": conversation_thread(submission, request.user),
        "message_form": MessageForm(),
    }
    return render(request, "portfolio/submission.html", context)


def _thread_after(request, submission, after: int):
    """The entries after `after` as a thread. When an event is among them, the submission is
    read again after them: it was read before, and the event (a claim, the verdict, a close)
    may have changed it in between."""
    entries = list(thread_entries(submission, after))
    if any(entry.kind != MessageKind.MESSAGE for entry in entries):
        submission = get_submission_for_participant(request, submission.pk)
    return thread_of(submission, request.user, entries, after=after)


def _thread_response(request, partial: str, context: dict) -> HttpResponse:
    """A conversation partial; for the learner, when the new entries moved the submission on
    (a claim, a leave, the verdict), their page's status and rating too, out of band."""
    thread = context["thread"]
    submission = context["submission"] = thread.submission
    html = render_to_string(f"portfolio/includes/conversation.html#{partial}", context, request)
    if thread.moves_submission and submission.user_id == request.user.pk:
        state = {**context, **_learner_state(submission), "oob": True}
        html += render_to_string("portfolio/submission.html#learner-state", state, request)
    return HttpResponse(html)


@require_http_methods(["GET", "POST"])
@rate_limited("message_post")
def thread_messages(request, pk):
    """GET (htmx polling): the entries after `after`, or 204 when there are none. POST: a new
    message; htmx gets a fresh form and the entries it has not shown yet, without JavaScript
    the browser comes back to the conversation (or to the form and what was wrong)."""
    submission = get_submission_for_participant(request, pk)
    if request.method == "POST":
        return _message_post(request, submission)
    if not request.htmx:
        return redirect(submission_thread_url(submission, request.user) + "#conversation")
    after = request.GET.get("after", "")
    if not after.isdigit():
        return HttpResponseBadRequest("after: the id of the last entry shown")
    thread = _thread_after(request, submission, int(after))
    if not thread.entries:
        return HttpResponse(status=204)
    context = {"submission": submission, "thread": thread, "message_form": MessageForm()}
    return _thread_response(request, "updates", context)


def _message_post(request, submission):
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = conversation_post(
                submission=submission, author=request.user, body=form.cleaned_data["body"]
            )
        except CannotPost as refused:
            form.add_error(None, str(refused))
    if not request.htmx:
        if form.errors:
            context = {"submission": submission, "message_form": form}
            return render(request, "portfolio/conversation_message.html", context)
        url = submission_thread_url(submission, request.user)
        return redirect(f"{url}#message-{message.pk}")
    after = request.POST.get("after", "")
    context = {
        "submission": submission,
        "message_form": form if form.errors else MessageForm(),
        "thread": _thread_after(request, submission, int(after) if after.isdigit() else 0),
    }
    return _thread_response(request, "posted", context)


@require_POST
def close(request, pk):
    submission = get_submission_for_learner(request, pk)
    if conversation_close(submission=submission, user=request.user):
        messages.success(request, "The conversation is closed. Thank you!")
    elif review_of(submission) is None:
        messages.error(request, NOT_REVIEWED_MESSAGE)
    else:
        messages.error(request, "This conversation is already closed.")
    return redirect("portfolio:submission", pk=submission.pk)


@require_POST
def rate(request, pk):
    submission = get_submission_for_learner(request, pk)
    if review_of(submission) is None:
        messages.error(request, NOT_RATABLE_MESSAGE)
        return redirect("portfolio:submission", pk=submission.pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _render_page(request, submission, form)
    created = review_rate(submission=submission, **form.cleaned_data)
    saved = "Thank you for rating the review." if created else "Your rating is updated."
    messages.success(request, saved)
    return redirect(f"{submission_thread_url(submission, request.user)}#rating")
