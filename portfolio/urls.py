from django.urls import path

from portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("progress/milestones/<int:milestone_id>/", views.milestone_check, name="milestone-check"),
    path(
        "progress/projects/<int:project_id>/start/", views.project_start_view, name="project-start"
    ),
]
