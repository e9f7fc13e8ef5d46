from django.urls import path

from portfolio.review import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/checks/", views.run_checks, name="run-checks"),
]
