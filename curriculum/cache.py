"""Caching of what the catalog's pages show: the same for every learner until the catalog
changes.

One *catalog version* names the catalog's state, and every key carries it, so nothing is ever
deleted to invalidate: a change makes a new version and the old keys are simply no longer
read. The version is a random token in the shared cache (Redis, or the database cache), read
once per request so that every server process sees a change on its very next request, plus a
generation counted in this process, which moves at once on a write (a test's transaction,
which never commits, sees its own change too). `catalog_changed` makes both: the generation
now, a new token when the transaction commits (before the commit another connection would
still read the old rows, and cache them under the new token).

What is cached lives in this process's memory (`fragments`, `pages`): rendered HTML and the
catalog rows of a page, kept for the current version only and bounded, so that a learner's
request assembles strings instead of rendering 127 cards. Nothing per learner is in it but
a card's status and progress, as part of the key that picks the card's variant.

Anonymous catalog pages are cached whole (`public_catalog_page`), with an ETag.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import threading
from collections import OrderedDict
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

VERSION_KEY = "curriculum:catalog-version"
_generations = itertools.count(1)
_generation = 0


def catalog_version(request=None) -> str:
    """The catalog's current version (remembered on `request` for the rest of it)."""
    if request is not None and hasattr(request, "catalog_version"):
        return request.catalog_version
    token = cache.get(VERSION_KEY)
    if token is None:
        # Gone (a new cache, or evicted): a new token, which retires every key made before.
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(VERSION_KEY) or secrets.token_hex(8)
    version = f"{token}.{_generation}"
    if request is not None:
        request.catalog_version = version
    return version


def catalog_changed(**_signal_arguments) -> None:
    """The catalog changed (or is changing in the current transaction): retire every key."""
    global _generation
    _generation = next(_generations)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _new_token()
    elif not any(callback is _new_token for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_new_token)  # once per transaction, however many rows it writes


def forget_cached_pages() -> None:
    """Retire what this process cached (tests: a rolled-back transaction sends no signal)."""
    global _generation
    _generation = next(_generations)
    fragments.clear()
    pages.clear()
    parts.clear()


def _new_token() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


class Store:
    """Values of one catalog version in this process: at most `size`, least recently used
    leave first. A value of another version empties it; values are shared between threads,
    so they are strings or never modified."""

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._version = None
        self._values = OrderedDict()

    def get(self, version: str, key):
        with self._lock:
            if version != self._version:
                return None
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def set(self, version: str, key, value) -> None:
        with self._lock:
            if version != self._version:
                self._version = version
                self._values.clear()
            self._values[key] = value
            if len(self._values) > self.size:
                self._values.popitem(last=False)

    def get_or_make(self, version: str, key, make):
        value = self.get(version, key)
        if value is None:
            value = make()
            self.set(version, key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._version = None
            self._values.clear()


# Bounds, for memory (each process keeps its own): a card is about 1 KB, and 20,000 are
# every variant of a few thousand projects (20 MB at most); a visitor's whole page is up to
# 100 KB (200: 20 MB); a track page's catalog part, unfiltered, about 850 KB of objects
# (64: 55 MB at most, far less when filtered), a project page's about 80 KB.
fragments = Store(20_000)
pages = Store(200)
parts = Store(64)


# -- anonymous pages -----------------------------------------------------------------------

# Printed instead of the CSRF token into a page that is cached for every visitor, and replaced
# by the visitor's own token in each response (see csrf_placeholder).
CSRF_PLACEHOLDER = "csrfTokenOfThisVisitorGoesHere0000000000000000000000000000000000"


def csrf_placeholder(request):
    """Context processor: on a page made for every visitor, the placeholder instead of the
    token of Django's built-in processor (which runs first)."""
    if getattr(request, "csrf_placeholder", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def public_catalog_page(view):
    """A catalog page that is the same for every visitor who is not signed in: made once per
    catalog version and address (query string and HX-Request included) in this process, with
    the visitor's CSRF token put in, and an ETag, so that a revisit costs a 304.

    Signed-in requests, and a visitor with a message waiting to be shown, get the view itself
    (PrivatePagesMiddleware makes the former `private, no-store`)."""
    return public_page_of(lambda request, *args, **kwargs: ())(view)


def public_page_of(state):
    """public_catalog_page for a page that also shows what is not catalog: `state(request,
    *args, **kwargs)` names it (asked on every request, and part of the key and the ETag), or
    is None when this request is not to be cached (the view answers)."""

    def decorator(view):
        return _cached_for_visitors(view, state)

    return decorator


def _cached_for_visitors(view, state):
    @wraps(view)
    def page(request, *args, **kwargs):
        if not _same_for_every_visitor(request):
            return view(request, *args, **kwargs)
        shown = state(request, *args, **kwargs)
        if shown is None:
            return view(request, *args, **kwargs)
        version = catalog_version(request)
        key = (request.get_full_path(), request.headers.get("HX-Request") == "true", shown)
        headers = HttpResponse()
        _add_validators(headers, request, version, key)
        conditional = get_conditional_response(request, etag=headers["ETag"], response=headers)
        if conditional is not headers:
            return conditional  # 304 Not Modified
        cached = pages.get(version, key)
        if cached is None:
            response = render_with_csrf_placeholder(view, request, *args, **kwargs)
            if not is_kept(response):
                return with_visitor_token(request, response)
            cached = (response.content, response["Content-Type"])
            pages.set(version, key, cached)
        response = with_visitor_token(request, HttpResponse(cached[0], content_type=cached[1]))
        _add_validators(response, request, version, key)
        return response

    return page


def _same_for_every_visitor(request) -> bool:
    return not request.user.is_authenticated and may_be_kept(request)


def may_be_kept(request) -> bool:
    """Whether the page this request asks for may be made once and kept: a read, with no
    message waiting to be shown. Loading waiting messages reads their cookie only (the
    session only when the cookie says there are more), and does not mark them shown."""
    return request.method in ("GET", "HEAD") and not len(getattr(request, "_messages", ()))


def render_with_csrf_placeholder(view, request, *args, **kwargs):
    """The view's response, with CSRF_PLACEHOLDER where the token goes, to be kept."""
    request.csrf_placeholder = True
    try:
        return view(request, *args, **kwargs)
    finally:
        request.csrf_placeholder = False


def is_kept(response) -> bool:
    """Whether a response is a page to keep: not an error or a redirect, and no cookie set."""
    return response.status_code == 200 and not response.streaming and not response.cookies


def _add_validators(response, request, version: str, key) -> None:
    """The ETag names the version, the address and the visitor's CSRF cookie: the page a
    browser kept carries a token that is only good with that cookie. `no-cache`: the browser
    asks every time (a catalog change shows at once), and mostly hears 304. Private: the page
    holds the visitor's token."""
    # The secret the visitor's cookie holds (CsrfViewMiddleware read it), or the one this
    # response gives them (get_token made it): a first visit's ETag holds at the revisit.
    cookie = request.META.get("CSRF_COOKIE", "")
    digest = hashlib.blake2b(repr((version, key, cookie)).encode(), digest_size=16).hexdigest()
    response["ETag"] = f'"{digest}"'
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("HX-Request", "Cookie"))


def with_visitor_token(request, response):
    """A kept page with the visitor's own CSRF token where the placeholder is."""
    placeholder = CSRF_PLACEHOLDER.encode()
    if not response.streaming and placeholder in response.content:
        response.content = response.content.replace(placeholder, get_token(request).encode())
    return response
