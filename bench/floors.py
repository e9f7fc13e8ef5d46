"""Floors: what the framework and our middleware cost a signed-in request that does nothing
itself, and a tick that writes its one row and nothing else. Measured in the same run as the
pages, they say how close a page can get to /healthz on this stack: a page's ratio cannot
beat the floor of its kind of request.

Served by the benchmark's server only (bench.settings), never by the site."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from portfolio.models import MilestoneCheck

MARKER = "floor"


def _nothing() -> HttpResponse:
    return HttpResponse(f"{MARKER}\n", content_type="text/plain")


@require_GET
@login_required
def signed_in_get(request):
    return _nothing()


@require_POST  # through CsrfViewMiddleware, like the tick
@login_required
def signed_in_post(request):
    return _nothing()


_TICK = f"""
    INSERT INTO {MilestoneCheck._meta.db_table} (user_id, milestone_id, checked_at)
    VALUES (%s, %s, %s) ON CONFLICT DO NOTHING
"""
_UNTICK = f"DELETE FROM {MilestoneCheck._meta.db_table} WHERE user_id = %s AND milestone_id = %s"


@require_POST
@login_required
def tick_row_only(request, milestone_id):
    """The write a tick cannot do without, the learner's tick row (its trigger included), in
    one statement; no check of the milestone, no project status, no answer to render."""
    with connection.cursor() as cursor:
        if request.POST.get("done") == "1":
            cursor.execute(_TICK, [request.user.pk, milestone_id, timezone.now()])
        else:
            cursor.execute(_UNTICK, [request.user.pk, milestone_id])
    return _nothing()
