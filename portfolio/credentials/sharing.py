"""Sharing a credential: LinkedIn's "Add to profile" link for licenses & certifications."""

from urllib.parse import urlencode

from django.conf import settings

from portfolio.credentials.document import credential_url
from portfolio.models import Credential

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_add_url(credential: Credential) -> str:
    """LinkedIn's add-to-profile form, filled in: the certification's name, the issuing
    organization, the issue (and expiry) month, and the verification page as credential URL
    with the credential's id as credential ID."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.name,
        "organizationName": settings.CREDENTIAL_ISSUER_NAME,
        "issueYear": credential.issued_at.year,
        "issueMonth": credential.issued_at.month,
    }
    if credential.valid_until:
        params["expirationYear"] = credential.valid_until.year
        params["expirationMonth"] = credential.valid_until.month
    params["certUrl"] = credential_url(credential)
    params["certId"] = str(credential.pk)
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params)}"
