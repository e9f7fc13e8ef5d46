from django.urls import path

from portfolio import review_views

app_name = "review"

urlpatterns = [
    path("", review_views.queue, name="queue"),
    path("<int:pk>/", review_views.submission_detail, name="submission"),
    path("<int:pk>/claim/", review_views.claim, name="claim"),
]
