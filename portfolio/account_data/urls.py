from django.urls import path

from portfolio.account_data import views

app_name = "account-data"

urlpatterns = [
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
