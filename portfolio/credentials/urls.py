from django.urls import path

from portfolio.credentials import views

app_name = "credentials"

# The issuer's and the credentials' addresses are written into signed credentials: they
# must keep answering for as long as those credentials exist.
urlpatterns = [
    path("", views.credential_list, name="list"),
    path("issuer/", views.issuer, name="issuer"),
    path("issuer/keys/<slug:name>/", views.signing_key, name="key"),
    path("<uuid:credential_id>/", views.credential_verify, name="verify"),
    path("<uuid:credential_id>/status", views.credential_status, name="status"),
    path(
        "<uuid:credential_id>/credential.json",
        views.credential_download,
        {"fmt": "json"},
        name="download-json",
    ),
    path(
        "<uuid:credential_id>/credential.jwt",
        views.credential_download,
        {"fmt": "jwt"},
        name="download-jwt",
    ),
]
