"""The mentor side of review. Every page is for reviewers only: anyone else, the submission's
own learner included, gets a 404, so the URLs reveal nothing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from curriculum.models import Level, Track
from portfolio.models import Submission, SubmissionStatus
from portfolio.review import (
    ClaimNotHeld,
    holds_claim,
    is_reviewer,
    live_claimant,
    review_create,
    review_queue,
    submission_claim,
)
from portfolio.review_forms import QueueFilterForm, ReviewForm

QUEUE_PAGE_SIZE = 25
REVIEWED = {SubmissionStatus.APPROVED, SubmissionStatus.CHANGES_REQUESTED}


def _require_reviewer(request):
    if not is_reviewer(request.user):
        raise Http404


def _get_submission_for_reviewer(request, pk):
    """The submission, for a reviewer who is not its author; 404 for everyone else."""
    _require_reviewer(request)
    return get_object_or_404(
        Submission.objects.select_related(
            "user", "project__track", "project__level", "claimed_by", "review__reviewer"
        ).exclude(user=request.user),
        pk=pk,
    )


@require_http_methods(["GET"])
def queue(request):
    _require_reviewer(request)
    tracks = list(Track.objects.published())
    levels = list(Level.objects.active().filter(track__in=tracks).select_related("track"))
    form = QueueFilterForm(request.GET, tracks=tracks, levels=levels)
    page = Paginator(form.filter(review_queue()), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for submission in page.object_list:
        submission.claimant = live_claimant(submission, now)
    return render(request, "portfolio/review/queue.html", {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
def submission_detail(request, pk):
    submission = _get_submission_for_reviewer(request, pk)
    claimed_by_me = holds_claim(submission, request.user)
    form = None
    if request.method == "POST":
        if not claimed_by_me:
            messages.error(request, "Claim this submission before reviewing it.")
            return redirect("review:submission", pk=submission.pk)
        form = ReviewForm(request.POST)
        if form.is_valid():
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
            messages.success(request, f"Review sent: {review.get_verdict_display().lower()}.")
            return redirect("review:queue")
    elif claimed_by_me:
        form = ReviewForm()
    earlier = (
        Submission.objects.filter(
            user=submission.user_id,
            project=submission.project_id,
            iteration__lt=submission.iteration,
        )
        .select_related("review__reviewer")
        .order_by("-iteration")
    )
    context = {
        "submission": submission,
        "screenshots": submission.screenshots.all(),
        "earlier": earlier,
        "claimant": live_claimant(submission),
        "claimed_by_me": claimed_by_me,
        "can_claim": Submission.objects.claimable().filter(pk=submission.pk).exists(),
        "form": form,
    }
    return render(request, "portfolio/review/submission.html", context)


@require_POST
def claim(request, pk):
    submission = _get_submission_for_reviewer(request, pk)
    if submission_claim(submission_id=submission.pk, mentor=request.user):
        messages.success(request, "You claimed this submission: review it within 48 hours.")
    elif holds_claim(submission, request.user):
        messages.info(request, "You already hold the claim on this submission.")
    elif submission.status in REVIEWED or submission.status == SubmissionStatus.WITHDRAWN:
        messages.error(request, "This submission is no longer waiting for a review.")
    else:
        messages.error(request, "Another mentor claimed this submission first.")
    return redirect("review:submission", pk=submission.pk)
