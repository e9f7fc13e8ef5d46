"""Request-level guards that hold for every URL of the site."""

from django.http import Http404
from django.utils.cache import add_never_cache_headers

from roadmap.health import outage_response, recent_outage

# Health checks always look at the database themselves.
HEALTH_PATHS = {"/healthz", "/livez"}


class NulInPathMiddleware:
    """Answer 404 to an address with a NUL character in it. No page of the site has one (slugs,
    usernames and ids exclude it), and PostgreSQL refuses NUL in a query parameter with an
    error, so a lookup of `/u/%00/` would otherwise be a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("No page has a NUL character in its address.")
        return self.get_response(request)


class DatabaseOutageMiddleware:
    """Fail fast while the database is known to be unreachable (see OutageBreaker), and keep
    the breaker up to date with what each request found."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in HEALTH_PATHS:
            return self.get_response(request)
        if recent_outage.should_fail_fast():
            return outage_response()
        response = self.get_response(request)
        if getattr(response, "database_outage", False):
            recent_outage.open()
        else:
            recent_outage.close()
        return response


class PrivatePagesMiddleware:
    """Every response to a signed-in user is private: no shared cache, proxy or browser
    history may keep it. Each of those pages shows their name and notifications at least;
    most show their progress, submissions, reviews or the learners of their cohorts, so the
    rule is by who asks, not by page, and a new page is covered the day it lands.

    `never_cache`'s header: `max-age=0, no-cache, no-store, must-revalidate, private`. A
    response its view declared `public` is the same for everyone and holds nothing of the
    user's (a screenshot anyone may see, the issuer's keys): it keeps its caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not _declared_public(response):
            add_never_cache_headers(response)
        return response


def _declared_public(response) -> bool:
    directives = response.get("Cache-Control", "").split(",")
    return "public" in {directive.strip().lower() for directive in directives}
