import sys

from django.http import HttpResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from curriculum.cache import public_catalog_page
from curriculum.models import Track
from roadmap.health import database_answers, is_database_outage, outage_response, recent_outage


@public_catalog_page
def home(request):
    tracks = Track.objects.published().with_counts()
    return render(request, "home.html", {"tracks": tracks})


@require_GET
@never_cache
def healthz(request):
    """Readiness for load balancers: 200 when the database answers, 503 within about a second
    when it does not (server down, or this process's connection pool exhausted). Its answer
    also tells the other requests of this process whether to fail fast."""
    if not database_answers():
        recent_outage.open()
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    recent_outage.close()
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
@never_cache
def livez(request):
    """Liveness: the process answers requests. Never touches the database, so that an outage
    of PostgreSQL does not get healthy web processes restarted."""
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """handler500: a 503 page asking to retry when the database is unreachable, else the 500."""
    if is_database_outage(sys.exc_info()[1]):
        return outage_response()
    return defaults.server_error(request)
