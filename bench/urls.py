from django.urls import path

from bench import floors
from roadmap.urls import handler500
from roadmap.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/floor/get/", floors.signed_in_get),
    path("bench/floor/post/", floors.signed_in_post),
    path("bench/floor/tick/<int:milestone_id>/", floors.tick_row_only),
    *site_urlpatterns,
]

__all__ = ["handler500", "urlpatterns"]
