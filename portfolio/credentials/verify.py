"""Checking a stored credential live, and what its signed claims say, in words.

The verification page shows only what the signed token holds (decoded and checked against
the key that signed it), plus the one fact kept beside it: whether it was revoked, and why.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone

from portfolio.credentials.issuer import key_url, site_url
from portfolio.credentials.keys import public_key
from portfolio.credentials.signing import SignatureInvalid, jwt_verify
from portfolio.models import Credential
from roadmap.markdown import USER_HEADING_SHIFT, render_markdown

VALID, REVOKED, EXPIRED, NOT_YET_VALID, INVALID = (
    "valid", "revoked", "expired", "not yet valid", "invalid",
)  # fmt: skip

ACHIEVEMENT_TYPE_WORDS = {
    "Assignment": "an approved project",
    "Badge": "a completed level",
    "CertificateOfCompletion": "a completed track",
}


@dataclass(frozen=True)
class CredentialCheck:
    state: str
    header: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)
    problem: str = ""

    @property
    def is_valid(self) -> bool:
        return self.state == VALID


def credential_check(credential: Credential, *, now=None) -> CredentialCheck:
    """The signature (with the key that made it), then revocation, then the dates: a
    credential is valid only when all three say so. No query: the credential comes with its
    signing key."""
    key = credential.signing_key
    try:
        header, claims = jwt_verify(credential.jwt, key=public_key(key))
    except SignatureInvalid as error:
        return CredentialCheck(INVALID, problem=str(error))
    if header.get("kid") != key_url(key):
        return CredentialCheck(INVALID, problem="The token names another key than its own.")
    now = (now or timezone.now()).timestamp()
    if credential.revoked_at is not None:
        state = REVOKED
    elif now < claims["nbf"]:
        state = NOT_YET_VALID
    elif "exp" in claims and now >= claims["exp"]:
        state = EXPIRED
    else:
        state = VALID
    return CredentialCheck(state, header, claims)


def revocation_list(credential: Credential) -> dict:
    """The 1EdTech Revocation List (VCRL 1.0) that this credential's `credentialStatus` names:
    one list per credential, so that nobody can read every revoked credential off one list."""
    revoked = []
    if credential.revoked_at is not None:
        revoked.append(
            {
                "id": credential.document["id"],
                "revoked": True,
                "revocationReason": credential.revocation_reason,
            }
        )
    return {
        "id": site_url(reverse("credentials:status", args=[credential.pk])),
        "issuer": credential.document["issuer"]["id"],
        "revokedCredential": revoked,
    }


def _moment(numeric_date) -> datetime | None:
    return datetime.fromtimestamp(numeric_date, UTC) if numeric_date is not None else None


def _identity(subject: dict, identity_type: str) -> str:
    for identity in subject.get("identifier", []):
        if identity.get("identityType") == identity_type and not identity.get("hashed"):
            return identity["identityHash"]
    return ""


def claims_in_words(claims: dict) -> dict:
    """What the verification page says about the credential, read off the signed claims."""
    subject = claims["credentialSubject"]
    achievement = subject["achievement"]
    return {
        "holder": _identity(subject, "name") or "The holder",
        "has_email": any(i.get("identityType") == "emailAddress" for i in subject["identifier"]),
        "name": achievement["name"],
        "what": ACHIEVEMENT_TYPE_WORDS.get(achievement.get("achievementType"), "an achievement"),
        "achievement_url": achievement["id"],
        "description": achievement.get("description", ""),
        "criteria_html": render_markdown(
            achievement.get("criteria", {}).get("narrative", ""), shift_headings=USER_HEADING_SHIFT
        ),
        "skills": achievement.get("alignment", []),
        "narrative": subject.get("narrative", ""),
        "evidence": claims.get("evidence", []),
        "issuer": claims["issuer"],
        "valid_from": _moment(claims["nbf"]),
        "valid_until": _moment(claims.get("exp")),
        "credential_id": claims["jti"],
        "subject_id": claims["sub"],
    }
