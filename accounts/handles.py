"""Public handles: what /u/<handle>/ and every list of learners show instead of an email.

A handle is 3–30 letters, digits, hyphens or underscores, unique whatever its case, and not a
word that reads as part of the site (admin, review, api…). Sign-up gives a neutral random one
(`learner-7f3k2`) until the learner chooses theirs. A handle given up keeps redirecting to the
new one for OLD_HANDLE_KEPT_FOR, and nobody else may take it meanwhile: a shared link never
lands on a stranger's page.
"""

import secrets
import string
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

HANDLE_HELP = (
    "3–30 letters, digits, hyphens or underscores. Your portfolio’s address: /u/<handle>/."
)
OLD_HANDLE_KEPT_FOR = timedelta(days=30)
RANDOM_HANDLE_PREFIX = "learner-"
_RANDOM_ALPHABET = string.ascii_lowercase + string.digits

# Words a visitor could read as the site speaking, or as someone in charge of it.
# fmt: off
RESERVED_HANDLES = frozenset({
    "about", "accounts", "admin", "administrator", "api", "app", "assets", "auth", "billing",
    "cohort", "cohorts", "dashboard", "help", "healthz", "home", "login", "logout", "media",
    "mentor", "mentors", "moderator", "notifications", "null", "official", "owner", "portfolio",
    "privacy", "profile", "progress", "review", "reviewer", "roadmap", "root", "search",
    "security", "settings", "signin", "signup", "skills", "staff", "static", "support",
    "system", "team", "terms", "tracks", "undefined", "user", "users", "www",
})
# fmt: on


def validate_not_reserved(value: str) -> None:
    if value.casefold() in RESERVED_HANDLES:
        raise ValidationError(
            "“%(value)s” is reserved: choose another handle.", params={"value": value}
        )


handle_validators = [
    RegexValidator(
        r"\A[A-Za-z0-9_-]{3,30}\Z",
        "A handle is 3–30 letters, digits, hyphens or underscores (no spaces or dots).",
    ),
    validate_not_reserved,
]


def random_handle() -> str:
    """`learner-` and five random letters or digits: about 60 million of them."""
    return RANDOM_HANDLE_PREFIX + "".join(secrets.choice(_RANDOM_ALPHABET) for _ in range(5))
