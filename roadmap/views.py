from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from curriculum.models import Track


def home(request):
    tracks = Track.objects.published().with_counts()
    return render(request, "home.html", {"tracks": tracks})


@require_GET
@never_cache
def healthz(request):
    """Liveness for load balancers: 200 when the database answers a query, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
