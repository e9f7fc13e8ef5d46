from django.conf import settings
from django.urls import path, re_path

from portfolio import time_views, views
from portfolio.credentials import views as credential_views
from portfolio.models import SCREENSHOTS_DIRECTORY
from portfolio.review import thread_views

app_name = "portfolio"

urlpatterns = [
    # Every upload is served here, through its access rule: nothing else serves MEDIA_URL.
    path(
        f"{settings.MEDIA_URL.lstrip('/')}{SCREENSHOTS_DIRECTORY}/<str:filename>",
        views.screenshot_file,
        name="screenshot",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "tracks/<slug:track_slug>/<slug:project_slug>/submit/",
        views.submission_new,
        name="submission-new",
    ),
    path("progress/preview/", views.write_up_preview, name="write-up-preview"),
    path(
        "progress/submissions/<int:submission_id>/withdraw/",
        views.submission_withdraw_view,
        name="submission-withdraw",
    ),
    path("submissions/<int:pk>/", thread_views.submission_page, name="submission"),
    path(
        "submissions/<int:pk>/messages/", thread_views.thread_messages, name="submission-messages"
    ),
    path("submissions/<int:pk>/close/", thread_views.close, name="submission-close"),
    path("submissions/<int:pk>/rating/", thread_views.rate, name="submission-rating"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "progress/tracks/<slug:track_slug>/start-again/",
        views.track_reset_view,
        name="track-reset",
    ),
    path("dashboard/in-progress/", views.in_progress_list, name="in-progress"),
    path("dashboard/skills/", views.skills_coverage, name="skills-coverage"),
    re_path(
        r"^dashboard/progress\.(?P<fmt>csv|json)$", views.progress_export, name="progress-export"
    ),
    path("dashboard/resume.json", credential_views.resume_download, name="resume"),
    path("dashboard/credentials.zip", credential_views.bundle_download, name="credentials-bundle"),
    path("progress/milestones/<int:milestone_id>/", views.milestone_check, name="milestone-check"),
    path(
        "progress/projects/<int:project_id>/start/", views.project_start_view, name="project-start"
    ),
    path("progress/projects/<int:project_id>/time/", time_views.time_entries, name="time-entries"),
    path(
        "progress/projects/<int:project_id>/time/quick/", time_views.time_quick, name="time-quick"
    ),
    path("progress/time/<int:pk>/", time_views.time_entry_edit, name="time-entry-edit"),
    path("progress/time/<int:pk>/delete/", time_views.time_entry_delete, name="time-entry-delete"),
    path("progress/tracks/<slug:track_slug>/start/", views.track_start, name="track-start"),
]
