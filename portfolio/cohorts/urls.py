from django.urls import path

from portfolio.cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("new/", views.cohort_new, name="new"),
    path("join/", views.cohort_join_by_code, name="join-by-code"),
    path("join/<str:code>/", views.cohort_join_view, name="join"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("<int:pk>/progress.csv", views.cohort_csv, name="csv"),
    path("<int:pk>/invite/", views.cohort_new_code, name="new-code"),
    path("<int:pk>/leave/", views.cohort_leave_view, name="leave"),
]
