"""Caching of a signed-in user's own pages: a learner's track and project pages and their
dashboard, a mentor's review queue; made once and served again while nothing they show has
changed.

What a page shows is named by its key: the learner and the state of their work
(`User.pages_version`, which database triggers bump on every write to their ticks,
projects, submissions, reviews, credentials, time and groups; it comes with the user, who is
read on every request anyway), the header's fields of the user row, the catalog version, the
address (query string and HX-Request included) and the day (schedules and the activity
calendar move with it). A learner's own action, a mentor's review of their work and a
catalog edit therefore show on the very next request. What the pages show of other people's
work (a submission's place in the queue, how long a project takes others, a claim running
out) may be up to LEARNER_PAGE_SECONDS old. A page that shows everyone's work, the review
queue, names its state with `also` (the queue version).

Pages live in this process's memory, at most LEARNER_PAGES of them; each holds the
CSRF_PLACEHOLDER, replaced by the learner's token in every response.
"""

import hashlib
from functools import wraps

from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.utils import timezone

from curriculum.cache import (
    catalog_version,
    is_kept,
    may_be_kept,
    render_with_csrf_placeholder,
    with_visitor_token,
)

LEARNER_PAGE_SECONDS = 60
# Most pages are 10–40 KB, a long track page 90 KB: at most about 20–45 MB per process.
LEARNER_PAGES = 500

pages = LocMemCache(
    "learner-pages",
    {"TIMEOUT": LEARNER_PAGE_SECONDS, "OPTIONS": {"MAX_ENTRIES": LEARNER_PAGES}},
)


def kept_page(view=None, *, also=None):
    """A page of the signed-in user's own, kept as the module says; anonymous visitors,
    writes and requests with a message to show get the view itself. `also(request)` names
    what else the page shows (read on every request, part of the key)."""
    if view is None:
        return lambda view: kept_page(view, also=also)

    @wraps(view)
    def page(request, *args, **kwargs):
        if not (request.user.is_authenticated and may_be_kept(request)):
            return view(request, *args, **kwargs)
        key = page_key(request, also(request) if also else None)
        kept = pages.get(key)
        if kept is None:
            response = render_with_csrf_placeholder(view, request, *args, **kwargs)
            if not is_kept(response):
                return with_visitor_token(request, response)
            kept = (response.content, response["Content-Type"])
            pages.set(key, kept)
        return with_visitor_token(request, HttpResponse(kept[0], content_type=kept[1]))

    return page


def page_key(request, also=None) -> str:
    user = request.user
    named = repr(
        (
            user.pk,
            user.pages_version,
            (user.username, user.display_name, user.unread_notifications),
            (user.is_active, user.is_staff, user.is_superuser),
            catalog_version(request),
            request.get_full_path(),
            request.headers.get("HX-Request") == "true",
            timezone.localdate().isoformat(),
            also,
        )
    )
    return hashlib.blake2b(named.encode(), digest_size=16).hexdigest()


def forget_kept_pages() -> None:
    """Tests: a rolled-back transaction takes its version bumps with it."""
    pages.clear()
