from django.contrib import messages
from django.shortcuts import redirect

# Where mentors and admins read every learner's work or change the catalog: the URL
# namespaces, so that a page added under one of them is covered the day it lands.
TWO_FACTOR_AREAS = {"admin", "review", "cohorts"}


class MFARequiredMiddleware:
    """A mentor or admin without a second factor is sent to set one up, with a message that
    says why, before the review pages, cohorts or the admin open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        area = request.resolver_match.namespaces[:1]
        user = request.user
        if not area or area[0] not in TWO_FACTOR_AREAS or not user.is_authenticated:
            return None
        if not user.needs_two_factor or user.has_two_factor():
            return None
        messages.warning(
            request,
            "Mentors and admins sign in with two factors. Set up an authenticator app (or a "
            "security key) first; then the review queue, cohorts and the admin open.",
        )
        return redirect("mfa_activate_totp")
