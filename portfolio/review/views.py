"""The mentor side of review. Every page is for mentors only: anyone else gets a 404, and a
mentor's own submissions are 404 to them too, so the URLs reveal nothing."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from curriculum.kept_pages import kept_page
from curriculum.models import Level, Track
from portfolio.models import QueueVersion, Submission, SubmissionStatus
from portfolio.review.access import get_submission_for_mentor, require_mentor
from portfolio.review.checks.runs import repository_check_rerun
from portfolio.review.checks.suggestions import checks_report
from portfolio.review.conversation import conversation_thread, is_participant, review_of
from portfolio.review.forms import MessageForm, QueueFilterForm, ReviewForm
from portfolio.review.queue import (
    ClaimLimitReached,
    claim_leave,
    holds_claim,
    live_claimant,
    queue_mark,
    review_queue,
    submission_claim,
)
from portfolio.review.verdict import ClaimNotHeld, review_create

QUEUE_PAGE_SIZE = 25
REVIEWED = {SubmissionStatus.APPROVED, SubmissionStatus.CHANGES_REQUESTED}


def _queue_version(request) -> int:
    return QueueVersion.current()


# Kept until a submission or a cohort changes (or a minute passes: the waiting times).
@require_http_methods(["GET"])
@kept_page(also=_queue_version)
def queue(request):
    require_mentor(request)
    tracks = list(Track.objects.published())
    levels = list(Level.objects.active().filter(track__in=tracks).select_related("track"))
    form = QueueFilterForm(request.GET, tracks=tracks, levels=levels)
    submissions = form.filter(review_queue(request.user))
    page = Paginator(submissions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    queue_mark(page.object_list, timezone.now())
    context = {"form": form, "page": page, "target_days": settings.REVIEW_WAIT_TARGET_DAYS}
    return render(request, "portfolio/review/queue.html", context)


@require_http_methods(["GET", "POST"])
def submission_detail(request, pk):
    submission = get_submission_for_mentor(request, pk)
    claimed_by_me = holds_claim(submission, request.user)
    form = ReviewForm(request.POST or None) if claimed_by_me else None
    if request.method == "POST":
        if not claimed_by_me:
            messages.error(request, "Claim this submission before reviewing it.")
            return redirect("review:submission", pk=submission.pk)
        if form.is_valid():
            return _send_review(request, submission, form)
    review = review_of(submission)
    participant = is_participant(submission, request.user)
    context = {
        "submission": submission,
        "earlier": submission.earlier_iterations().select_related("review__reviewer"),
        "claimant": live_claimant(submission),
        "claimed_by_me": claimed_by_me,
        "can_claim": Submission.objects.claimable().filter(pk=submission.pk).exists(),
        "form": form,
        "checks": checks_report(submission),
        "thread": conversation_thread(submission, request.user) if participant else None,
        "message_form": MessageForm(),
        "rating": getattr(review, "rating", None) if participant and review else None,
    }
    return render(request, "portfolio/review/submission.html", context)


def _send_review(request, submission, form):
    try:
        review = review_create(
            submission=submission,
            reviewer=request.user,
            verdict=form.cleaned_data["verdict"],
            comment=form.cleaned_data["comment"],
            rubric=form.rubric,
        )
    except ClaimNotHeld:
        messages.error(request, "Your claim expired before the review was sent.")
        return redirect("review:submission", pk=submission.pk)
    messages.success(request, f"Review sent: {review.outcome}.")
    return redirect("review:queue")


@require_POST
def claim(request, pk):
    submission = get_submission_for_mentor(request, pk)
    try:
        won = submission_claim(submission_id=submission.pk, mentor=request.user)
    except ClaimLimitReached:
        messages.error(
            request,
            f"You already hold {settings.REVIEW_CLAIM_LIMIT} claims, the most at once: review "
            "or leave one of them (see My claims) before you claim another.",
        )
        return redirect("review:submission", pk=submission.pk)
    if won:
        messages.success(request, "You claimed this submission: review it within 48 hours.")
    elif holds_claim(submission, request.user):
        messages.info(request, "You already hold the claim on this submission.")
    elif submission.status in REVIEWED or submission.status == SubmissionStatus.WITHDRAWN:
        messages.error(request, "This submission is no longer waiting for a review.")
    else:
        messages.error(request, "Another mentor claimed this submission first.")
    return redirect("review:submission", pk=submission.pk)


@require_POST
def run_checks(request, pk):
    submission = get_submission_for_mentor(request, pk)
    if repository_check_rerun(submission=submission):
        messages.success(request, "The checks are running again: reload the page in a moment.")
    else:
        messages.error(request, "The checks ran less than a minute ago: try again in a minute.")
    return redirect(reverse("review:submission", args=[submission.pk]) + "#checks-heading")


@require_POST
def leave(request, pk):
    submission = get_submission_for_mentor(request, pk)
    if claim_leave(submission_id=submission.pk, mentor=request.user):
        messages.success(
            request, "You left this submission: it is back in the queue, with its conversation."
        )
        return redirect("review:queue")
    messages.error(request, "You hold no claim on this submission: the claim expired or ended.")
    return redirect("review:submission", pk=submission.pk)
