"""A verifier that knows nothing of Roadmap but the standards, as docs/credentials.md tells a
third party to verify: PyJWT and `cryptography` (Roadmap signs with joserfc), the network
(urllib, against the URLs written in the credential) and nothing else. It imports no code of
this project, on purpose.
"""

import json
import urllib.request
from datetime import datetime
from urllib.parse import urlsplit

import jwt
from jwt.algorithms import OKPAlgorithm

OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


class NotVerified(Exception):
    pass


def fetch_json(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _numeric(timestamp: str) -> int:
    return int(datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp())


def verify(token: str) -> dict:
    """The credential's claims if `token` is a valid OB 3.0 VC-JWT now; NotVerified says why
    not. Steps, in order: header, issuer and key, signature and dates, claims, status."""
    # 1. The header: EdDSA, and a `kid` URL naming the public key.
    header = jwt.get_unverified_header(token)
    if header.get("alg") != "EdDSA" or not header.get("kid", "").startswith("http"):
        raise NotVerified(f"unexpected header {header}")
    # 2. The issuer the credential names, and its key: the key must be published on the
    #    issuer's own site (same origin as issuer.id), else anyone could sign in its name.
    unverified = jwt.decode(token, options={"verify_signature": False})
    issuer_id = unverified["issuer"]["id"]
    if _origin(header["kid"]) != _origin(issuer_id):
        raise NotVerified("the signing key is not published by the issuer")
    profile = fetch_json(issuer_id)
    if profile.get("id") != issuer_id or "Profile" not in profile.get("type", []):
        raise NotVerified("the issuer URL does not serve its profile")
    jwk = fetch_json(header["kid"])
    if "d" in jwk:
        raise NotVerified("the published key is a private key")
    scheme, host = _origin(issuer_id)
    published = fetch_json(f"{scheme}://{host}/.well-known/jwks.json")["keys"]
    if jwk not in published:
        raise NotVerified("the key is not in the issuer's JWKS")
    # 3. The signature, and the registered claims' dates (nbf, exp) as of now.
    try:
        claims = jwt.decode(
            token,
            key=OKPAlgorithm.from_jwk(json.dumps(jwk)),
            algorithms=["EdDSA"],
            options={"require": ["iss", "jti", "sub", "nbf"]},
        )
    except jwt.InvalidTokenError as error:
        raise NotVerified(f"{type(error).__name__}: {error}") from None
    # 4. The claims say what the credential in them says (OB 3.0 §8.2.6).
    if claims["iss"] != issuer_id or claims["jti"] != claims["id"]:
        raise NotVerified("iss or jti do not match the credential")
    if claims["sub"] != claims["credentialSubject"]["id"]:
        raise NotVerified("sub does not match the credential subject")
    if claims["nbf"] != _numeric(claims["validFrom"]):
        raise NotVerified("nbf does not match validFrom")
    if "validUntil" in claims and claims.get("exp") != _numeric(claims["validUntil"]):
        raise NotVerified("exp does not match validUntil")
    if "OpenBadgeCredential" not in claims["type"] or OB3_CONTEXT not in claims["@context"]:
        raise NotVerified("not an Open Badges 3.0 credential")
    # 5. The status: the 1EdTech Revocation List the credential names, fetched now.
    status = claims.get("credentialStatus", {})
    if status.get("type") == "1EdTechRevocationList":
        for entry in fetch_json(status["id"]).get("revokedCredential", []):
            if entry["id"] == claims["id"] and entry.get("revoked", True):
                raise NotVerified(f"revoked: {entry.get('revocationReason', '')}")
    return claims
