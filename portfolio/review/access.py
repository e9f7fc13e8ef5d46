"""Who may open what of the review: one helper per kind of access, each a 404 for anyone
else, so that URLs reveal nothing about submissions that are not yours to see."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from portfolio.models import Submission
from portfolio.review.conversation import is_participant

# What the submission pages show with it: learner, project, claimant, review, its rating.
SUBMISSION_PAGE = Submission.objects.select_related(
    "user", "project__track", "project__level", "claimed_by", "review__reviewer", "review__rating"
)


def require_mentor(request) -> None:
    if not (request.user.is_authenticated and request.user.is_mentor):
        raise Http404


def get_submission_for_mentor(request, pk) -> Submission:
    """The submission, for a mentor who is not its author; 404 for everyone else."""
    require_mentor(request)
    return get_object_or_404(
        SUBMISSION_PAGE.select_related("repository_check")
        .prefetch_related("screenshots")
        .exclude(user=request.user),
        pk=pk,
    )


def get_submission_for_participant(request, pk) -> Submission:
    """The submission, for those who take part in its conversation (its learner, the mentor on
    the other side, admins); 404 for everyone else."""
    submission = get_object_or_404(SUBMISSION_PAGE, pk=pk)
    if not is_participant(submission, request.user):
        raise Http404
    return submission


def get_submission_for_learner(request, pk) -> Submission:
    """The submission, for its learner only; 404 for everyone else."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        SUBMISSION_PAGE.prefetch_related("screenshots"), pk=pk, user=request.user
    )
