"""The site's URLs, plus what test_proxy.py needs to look through the proxy: a route that tells
what Django learned from the forwarded headers."""

from allauth.account.adapter import get_adapter
from django.http import JsonResponse
from django.urls import path

from roadmap.urls import handler500  # noqa: F401 (the site's error pages)
from roadmap.urls import urlpatterns as site_urlpatterns


def forwarded(request):
    return JsonResponse(
        {
            "is_secure": request.is_secure(),
            "host": request.get_host(),
            "client_ip": get_adapter().get_client_ip(request),
        }
    )


urlpatterns = [
    path("test-harness/forwarded", forwarded),
    *site_urlpatterns,
]
