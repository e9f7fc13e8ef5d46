"""Roadmap's settings: one file, read from the environment.

Every variable is listed with a one-line explanation in `.env.example`. Unset variables give a
development set-up (DEBUG on, SQLite, console email); production sets DEBUG=0 and must then
provide SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from roadmap import policies

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envnumber(name: str, default: str, kind=int):
    value = os.environ.get(name, default)
    try:
        return kind(value)
    except ValueError:
        what = "an integer" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {what}, got {value!r}") from None


def envint(name: str, default: str) -> int:
    return envnumber(name, default, int)


def envfloat(name: str, default: str) -> float:
    return envnumber(name, default, float)


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-development-only-key"
# Earlier SECRET_KEYs, still accepted for signatures made with them (and still able to read
# the credential signing keys encrypted under them) while SECRET_KEY is being rotated.
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Open Badges 3.0 credentials (docs/credentials.md): the issuer's name and contact in every
# credential, and how long a credential is valid (0: it never expires).
CREDENTIAL_ISSUER_NAME = os.environ.get("CREDENTIAL_ISSUER_NAME", "Roadmap")
CREDENTIAL_ISSUER_EMAIL = os.environ.get("CREDENTIAL_ISSUER_EMAIL", "")
CREDENTIAL_VALID_DAYS = envint("CREDENTIAL_VALID_DAYS", "0")
if CREDENTIAL_VALID_DAYS < 0:
    raise ImproperlyConfigured("CREDENTIAL_VALID_DAYS must be 0 (never expire) or more days.")

INSTALLED_APPS = [
    "roadmap",
    "accounts",
    "curriculum",
    "portfolio",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "template_partials.apps.SimpleAppConfig",
]

GITHUB_CLIENT_ID = os.environ.get("GITHUB_CLIENT_ID", "")
GITHUB_CLIENT_SECRET = os.environ.get("GITHUB_CLIENT_SECRET", "")
# The repository checks read GitHub's REST API: 60 requests an hour without a token (a check
# takes five to seven), 5,000 with one. A token with no scopes is enough: public data only.
GITHUB_TOKEN = os.environ.get("GITHUB_TOKEN", "")
GITHUB_LOGIN_ENABLED = bool(GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET)
if GITHUB_LOGIN_ENABLED:
    INSTALLED_APPS.append("allauth.socialaccount.providers.github")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "roadmap.middleware.NulInPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After static files (served during an outage too), before anything that queries.
    "roadmap.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "roadmap.middleware.PrivatePagesMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
]

ROOT_URLCONF = "roadmap.urls"
WSGI_APPLICATION = "roadmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "curriculum.cache.csrf_placeholder",
            ],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

# Database: SQLite when DATABASE_URL is unset, otherwise whatever the URL names. On PostgreSQL,
# psycopg 3 with Django's connection pool: gunicorn runs threaded workers (gunicorn.conf.py),
# and each worker process keeps one pool its threads share.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # With the pool, this is psycopg_pool's check: each connection is tested (one empty
        # query) before a request gets it, so one PostgreSQL dropped is replaced instead of
        # failing the request (roadmap/postgresql/base.py: all of them, after a restart).
        conn_health_checks=True,
    )
}
# Seconds a request waits for a pooled connection. gunicorn's threads (4) are fewer than the
# pool's connections (8), so a request waits only while PostgreSQL is unreachable: this is how
# long the first requests of an outage take to get the 503 page (then the rest fail at once,
# see roadmap.health.OutageBreaker).
DATABASE_POOL_TIMEOUT = envfloat("DATABASE_POOL_TIMEOUT", "1")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "roadmap.postgresql"  # Django's, recovering from restarts
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections, not Django
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": envint("DATABASE_POOL_MIN_SIZE", "2"),
        "max_size": envint("DATABASE_POOL_MAX_SIZE", "8"),
        "timeout": DATABASE_POOL_TIMEOUT,
        # psycopg_pool retries a failed connection with a doubling delay (1, 2, 4, 8… s) for
        # this long before it gives up and starts afresh on the next demand. Its default, 300 s,
        # left the app down for up to 8 s after a 15 s outage had ended; 2 s bounds that to 1 s.
        "reconnect_timeout": 2,
    }
    # A host that drops packets must not hold a connection attempt for minutes.
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", "3")
    )
# /healthz waits at most this long for a connection: it answers 503 within a load balancer's
# timeout when PostgreSQL is down or every pooled connection is busy.
HEALTHZ_DATABASE_TIMEOUT = envfloat("HEALTHZ_DATABASE_TIMEOUT", "0.5")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# One cache that every server process shares: allauth's rate limits count in it.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "roadmap_cache",
        }
    }

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portfolio:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# django-allauth: email and password only; every address verified before the first login.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Roadmap] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
SIGNUP_OPEN = envbool("SIGNUP_OPEN", "1")
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so that they are visible and reviewed here.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",  # key: the address and the account (accounts.adapter)
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "change_email": "1/m/user",
    "manage_email": "10/m/user",
    # Roadmap's own writes, per user (roadmap.ratelimit): a 429 past them. "upload" counts files.
    "write_up_preview": "60/10m/user",
    "submit": "20/h/user",
    "withdraw": "20/h/user",
    "upload": "50/h/user",
    "time_post": "60/10m/user",
    "message_post": "20/10m/user",
    "account_export": "5/h/user",
    "account_delete": "5/h/user",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]  # mentors must (accounts.middleware)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://localhost in development
# Behind a reverse proxy allauth must know how many hops to trust, or every visitor shares
# the proxy's address (one rate limit for all) or can spoof X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None

SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS = {}
if GITHUB_LOGIN_ENABLED:
    SOCIALACCOUNT_PROVIDERS["github"] = {
        "APPS": [{"client_id": GITHUB_CLIENT_ID, "secret": GITHUB_CLIENT_SECRET}],
        "SCOPE": ["user:email"],
        "VERIFIED_EMAIL": True,
    }

# Background work (emails) goes through Django's tasks API into a database queue, which the
# worker (`python manage.py db_worker`) runs outside the request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Mentoring: the review queue's rules and the conversation's timeouts (see the README).
# A mentor holds at most this many live claims at once.
REVIEW_CLAIM_LIMIT = envint("REVIEW_CLAIM_LIMIT", "4")
# Hours before a claim expires when its mentor is reminded (once per claim).
REVIEW_CLAIM_REMINDER_HOURS = envint("REVIEW_CLAIM_REMINDER_HOURS", "6")
# A submission waiting longer than this many days is highlighted and reported to admins daily.
REVIEW_WAIT_TARGET_DAYS = envint("REVIEW_WAIT_TARGET_DAYS", "3")
# A learner has at most this many submissions waiting for a review at once.
SUBMISSIONS_WAITING_LIMIT = envint("SUBMISSIONS_WAITING_LIMIT", "2")
# After the verdict, the side that owes an answer is reminded after this many days without
# one, and the conversation closes after CONVERSATION_CLOSE_AFTER_DAYS.
CONVERSATION_REMIND_AFTER_DAYS = envint("CONVERSATION_REMIND_AFTER_DAYS", "14")
CONVERSATION_CLOSE_AFTER_DAYS = envint("CONVERSATION_CLOSE_AFTER_DAYS", "28")
# How often an open conversation page asks for the other side's new messages.
CONVERSATION_POLL_SECONDS = envint("CONVERSATION_POLL_SECONDS", "15")

# What `manage.py run_periodic_tasks` runs, each job once per call and idempotent (the
# `scheduler` service, or cron, calls it every few minutes). A job is a function taking
# `now` and returning what it did; register one with one line here.
PERIODIC_JOBS = [
    "portfolio.review.periodic.claims_remind",
    "portfolio.review.periodic.conversations_remind",
    "portfolio.review.periodic.conversations_close",
    "portfolio.review.periodic.overdue_report",
    "portfolio.storage.screenshots_clean_up",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# Behind Caddy or nginx the app checks who may see an upload, answers X-Accel-Redirect and the
# proxy sends the file (off: the app does). Then each learner's quota and the cleanup's grace.
MEDIA_ACCEL_REDIRECT = envbool("MEDIA_ACCEL_REDIRECT", "0")
SCREENSHOT_QUOTA_MB = envint("SCREENSHOT_QUOTA_MB", "50")
MEDIA_CLEANUP_GRACE_DAYS = envint("MEDIA_CLEANUP_GRACE_DAYS", "7")
# Uploads in S3-compatible object storage when a bucket is set (any web process serves them).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
            # A custom domain turns signing off: leave it unset for private uploads.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
            # A private bucket: the app checks who asks, then redirects to a signed URL.
            "querystring_auth": envbool("AWS_QUERYSTRING_AUTH", "1"),
            "querystring_expire": envint("AWS_QUERYSTRING_EXPIRE", "300"),
        },
    }

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Roadmap <roadmap@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS hardening whenever DEBUG is off (behind a TLS proxy, SECURE_PROXY_SSL_HEADER=1).
if envbool("SECURE_PROXY_SSL_HEADER", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
SESSION_COOKIE_SECURE = not DEBUG
SESSION_ENGINE = "roadmap.sessions"  # Django's database sessions, read in one plain statement
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) and Permissions-Policy (django-permissions-policy).
MEDIA_ORIGINS = policies.media_origins(STORAGES["default"])
CONTENT_SECURITY_POLICY = policies.content_security_policy(MEDIA_ORIGINS, GITHUB_LOGIN_ENABLED)
PERMISSIONS_POLICY = policies.PERMISSIONS_POLICY

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
