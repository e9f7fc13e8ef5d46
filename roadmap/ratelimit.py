"""Per-user limits on the writes a script could repeat (previews, submissions, uploads,
withdrawals, time entries, account deletion), counted in the cache as allauth counts sign-in
attempts. The limits are in settings.ACCOUNT_RATE_LIMITS, by action name."""

from collections.abc import Callable
from functools import wraps

from allauth.core import ratelimit
from django.shortcuts import render

TOO_MANY_REQUESTS = 429


def rate_limited(actions: str | Callable):
    """Count each POST of the signed-in user against `actions`: one action name, or a
    function of the request that lists them (one per uploaded file, say). Over a limit the
    view does not run: a 429 page, or for htmx the message in the page's message region."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            names = [actions] if isinstance(actions, str) else actions(request)
            if request.method == "POST" and request.user.is_authenticated:
                for name in names:
                    if not ratelimit.consume(request, action=name, user=request.user):
                        return too_many_requests(request)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def too_many_requests(request):
    if not request.htmx:
        return render(request, "429.html", status=TOO_MANY_REQUESTS)
    response = render(request, "429.html#message", status=TOO_MANY_REQUESTS)
    response["HX-Retarget"] = "#messages"
    response["HX-Reswap"] = "innerHTML"
    return response
