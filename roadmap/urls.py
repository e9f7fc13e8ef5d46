from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from portfolio.credentials import views as credential_views
from roadmap import views

# The admin's login goes through allauth's login page (rate limits, one sign-in form).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Roadmap administration"
admin.site.site_title = "Roadmap admin"

# A database outage is a 503 page asking to retry, not a 500 (see views.server_error).
handler500 = "roadmap.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("", include("curriculum.urls")),
    path("", include("portfolio.urls")),
    path("u/", include("portfolio.public.urls")),
    path("review/", include("portfolio.review.urls")),
    path("cohorts/", include("portfolio.cohorts.urls")),
    path("credentials/", include("portfolio.credentials.urls")),
    path(".well-known/jwks.json", credential_views.jwks_document, name="jwks"),
    path("accounts/", include("accounts.urls")),
    path("accounts/profile/", include("portfolio.account_data.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# No static() for MEDIA_URL, even in development: every upload goes through the view that
# checks who may see it (portfolio:screenshot).
