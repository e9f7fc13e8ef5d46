from django.urls import path

from portfolio.review import mentor_views, views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("claims/", mentor_views.my_claims, name="claims"),
    path("me/", mentor_views.my_feedback, name="me"),
    path("mentors/<str:username>/", mentor_views.mentor_feedback_page, name="mentor"),
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/checks/", views.run_checks, name="run-checks"),
    path("<int:pk>/leave/", views.leave, name="leave"),
]
