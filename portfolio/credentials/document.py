"""The OpenBadgeCredential JSON (Open Badges 3.0 on the W3C VC Data Model 2.0) of a credential.

Shape, as the spec and its JSON schema want it: `@context` (VC 2.0, then OB 3.0), `type`
VerifiableCredential + OpenBadgeCredential, an `issuer` Profile, `validFrom` (and
`validUntil` when credentials expire), a `credentialSubject` of type AchievementSubject
holding the `achievement` (with its criteria and the skills as alignments), `evidence`,
`credentialSchema` and a `credentialStatus` of type 1EdTechRevocationList.
"""

import hashlib
import secrets
import uuid

from django.urls import reverse

from curriculum.models import Skill
from portfolio.credentials.issuer import issuer_profile, site_url
from portfolio.credentials.signing import to_timestamp
from portfolio.models import Credential, RubricSignal

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
# credentialSubject.id of a learner: urn:uuid:<uuid5 of this namespace and their account id>.
# The same in all their credentials; it tells nothing about them by itself.
SUBJECT_NAMESPACE = uuid.UUID("6f1d3c52-8a41-4f0e-9b7a-6a8f0c2d4e13")


def subject_id(user) -> str:
    return f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, str(user.pk))}"


def _identifiers(user) -> list[dict]:
    """The learner's name in clear (the verification page shows it), and their email address
    salted and hashed: whoever knows the address can check it, nobody can read it."""
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": user.name,
        },
    ]
    if user.email:
        salt = secrets.token_hex(8)
        digest = hashlib.sha256(f"{user.email.lower()}{salt}".encode()).hexdigest()
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": f"sha256${digest}",
                "salt": salt,
            }
        )
    return identifiers


def _alignment(skill: Skill) -> dict:
    return {
        "type": ["Alignment"],
        "targetType": "ceasn:Competency",
        "targetName": skill.name,
        "targetUrl": site_url(skill.get_absolute_url()),
        "targetFramework": "Roadmap skills",
    }


def bullet_list(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def achievement(*, url: str, kind: str, name: str, description: str, criteria: str, skills):
    document = {
        "id": url,
        "type": ["Achievement"],
        "achievementType": kind,
        "name": name,
        "description": description,
        "criteria": {"narrative": criteria},
    }
    if skills:
        document["alignment"] = [_alignment(skill) for skill in skills]
    return document


def project_criteria(milestones) -> str:
    """Markdown: the project's milestones, then the review and its five signals."""
    return (
        f"Build every milestone of the project:\n\n{bullet_list(milestones)}\n\n"
        "Then submit the evidence (a repository, and optionally a live demo, a write-up and "
        "screenshots) for review. A mentor approves it after checking five signals:\n\n"
        f"{bullet_list(signal.label for signal in RubricSignal)}"
    )


def evidence_entry(*, url: str, name: str, narrative: str = "", genre: str = "") -> dict:
    entry = {"id": url, "type": ["Evidence"], "name": name}
    if narrative:
        entry["narrative"] = narrative
    if genre:
        entry["genre"] = genre
    return entry


def credential_url(credential: Credential) -> str:
    return site_url(credential.get_absolute_url())


def credential_document(credential: Credential, *, achievement: dict, evidence, **subject):
    """The whole OpenBadgeCredential; `subject` adds AchievementSubject properties
    (activityStartDate, narrative…)."""
    document = {
        "@context": CONTEXT,
        "id": credential_url(credential),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential.name,
        "issuer": issuer_profile(),
        "validFrom": to_timestamp(credential.issued_at),
        "credentialSubject": {
            "id": subject_id(credential.user),
            "type": ["AchievementSubject"],
            "identifier": _identifiers(credential.user),
            "achievement": achievement,
            **subject,
        },
        "evidence": list(evidence),
        "credentialSchema": [CREDENTIAL_SCHEMA],
        "credentialStatus": {
            "id": site_url(reverse("credentials:status", args=[credential.pk])),
            "type": "1EdTechRevocationList",
        },
    }
    if credential.valid_until:
        document["validUntil"] = to_timestamp(credential.valid_until)
    return document
