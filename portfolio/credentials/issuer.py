"""Who issues the credentials, where its keys are published, and the absolute URLs that go
into a credential: every one of them is SITE_URL plus a path of this site, so that a
credential issued today still names addresses this site answers tomorrow."""

from django.conf import settings
from django.urls import reverse

from portfolio.models import SigningKey

# JOSE algorithm of every signature: Ed25519 under the name OB 3.0 verifiers know.
ALGORITHM = "EdDSA"


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def issuer_id() -> str:
    return site_url(reverse("credentials:issuer"))


def issuer_profile() -> dict:
    """The issuer's OB 3.0 Profile, embedded in every credential and served at its id."""
    profile = {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.CREDENTIAL_ISSUER_NAME,
        "url": site_url("/"),
        "description": "Roadmap: learners build Python projects; mentors review the evidence "
        "against a rubric before a credential is issued.",
    }
    if settings.CREDENTIAL_ISSUER_EMAIL:
        profile["email"] = settings.CREDENTIAL_ISSUER_EMAIL
    return profile


def key_url(key: SigningKey) -> str:
    """The JOSE `kid` of what `key` signs: a URL that answers with its public JWK."""
    return site_url(reverse("credentials:key", args=[key.name]))


def published_jwk(key: SigningKey) -> dict:
    """The public half only: `x`, never `d` (the stored JWK has no `d` to begin with)."""
    public = {name: key.public_jwk[name] for name in ("kty", "crv", "x")}
    return {**public, "kid": key_url(key), "alg": ALGORITHM, "use": "sig"}


def jwks() -> dict:
    """Every key ever used, retired ones too: old credentials keep verifying."""
    return {"keys": [published_jwk(key) for key in SigningKey.objects.order_by("created_at")]}
