from django.urls import path

from curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("tracks/", views.track_list, name="track-list"),
    path("tracks/<slug:track_slug>/", views.track_detail, name="track-detail"),
    path(
        "tracks/<slug:track_slug>/<slug:project_slug>/", views.project_detail, name="project-detail"
    ),
    path("skills/", views.skill_list, name="skill-list"),
    path("skills/<slug:skill_slug>/", views.skill_detail, name="skill-detail"),
    path("search/", views.search, name="search"),
]
