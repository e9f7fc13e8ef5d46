from django.urls import path

from portfolio.public import views

app_name = "portfolio-public"

urlpatterns = [
    path("<str:username>/", views.public_portfolio, name="detail"),
]
