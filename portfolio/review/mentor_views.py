"""A mentor's own pages: the claims they hold, and the feedback on the reviews they gave."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import User
from portfolio.review.access import require_mentor
from portfolio.review.feedback import mentor_feedback
from portfolio.review.forms import PeriodForm
from portfolio.review.queue import live_claims


@require_GET
def my_claims(request):
    require_mentor(request)
    claims = live_claims(request.user).select_related("user", "project__track", "project__level")
    context = {"claims": claims, "limit": settings.REVIEW_CLAIM_LIMIT, "now": timezone.now()}
    return render(request, "portfolio/review/claims.html", context)


@require_GET
def my_feedback(request):
    require_mentor(request)
    return _feedback_page(request, request.user)


@require_GET
def mentor_feedback_page(request, username):
    """Any mentor's page, for admins (and the mentor themselves); 404 for everyone else."""
    user = request.user
    if not (user.is_authenticated and (user.is_superuser or user.username == username)):
        raise Http404
    return _feedback_page(request, get_object_or_404(User, username=username))


def _feedback_page(request, mentor):
    form = PeriodForm(request.GET)
    context = {
        "mentor": mentor,
        "form": form,
        "feedback": mentor_feedback(mentor, days=form.days()),
        "is_own": mentor.pk == request.user.pk,
    }
    return render(request, "portfolio/review/feedback.html", context)
