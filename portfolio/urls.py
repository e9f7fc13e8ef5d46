from django.urls import path, re_path

from portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/skills/", views.skills_coverage, name="skills-coverage"),
    re_path(
        r"^dashboard/progress\.(?P<fmt>csv|json)$", views.progress_export, name="progress-export"
    ),
    path("progress/milestones/<int:milestone_id>/", views.milestone_check, name="milestone-check"),
    path(
        "progress/projects/<int:project_id>/start/", views.project_start_view, name="project-start"
    ),
]
