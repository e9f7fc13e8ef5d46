from django.urls import path

from portfolio import public_views

app_name = "portfolio-public"

urlpatterns = [
    path("<str:username>/", public_views.public_portfolio, name="detail"),
]
