"""VC-JWT: the OB 3.0 "JSON Web Token Proof Format", signed and checked with joserfc.

The JWT payload is the OpenBadgeCredential itself with the registered claims OB 3.0 maps
onto it (its §8.2 "JWT Payload Format", the VC Data Model 2.0 form, without the `vc`
wrapper of VC Data Model 1.1):

    iss = issuer.id   jti = id   sub = credentialSubject.id
    nbf = validFrom   exp = validUntil (only when the credential has one)

The JOSE header holds exactly `alg` (EdDSA), `kid` (the URL of the public JWK) and `typ`
(JWT): OB 3.0 allows no other header.
"""

import warnings
from datetime import UTC, datetime

from joserfc import jwt
from joserfc.errors import JoseError, SecurityWarning
from joserfc.jwk import OKPKey

from portfolio.credentials.issuer import ALGORITHM

# RFC 9864 names Ed25519 signatures "Ed25519" and deprecates the polymorphic "EdDSA"; OB 3.0
# verifiers (and PyJWT, the 1EdTech validator) know "EdDSA", so that is what we write.
warnings.filterwarnings("ignore", message="EdDSA is deprecated", category=SecurityWarning)


def to_numeric_date(timestamp: str) -> int:
    return int(datetime.fromisoformat(timestamp).timestamp())


def to_timestamp(moment: datetime) -> str:
    """OB 3.0 DateTime in UTC, to the second: what `nbf`/`exp` can carry exactly."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def jwt_claims(document: dict) -> dict:
    claims = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "sub": document["credentialSubject"]["id"],
        "nbf": to_numeric_date(document["validFrom"]),
    }
    if "validUntil" in document:
        claims["exp"] = to_numeric_date(document["validUntil"])
    return claims


def jwt_sign(document: dict, *, key: OKPKey, kid: str) -> str:
    header = {"alg": ALGORITHM, "kid": kid, "typ": "JWT"}
    return jwt.encode(header, jwt_claims(document), key, algorithms=[ALGORITHM])


class SignatureInvalid(Exception):
    """The token is not a JWS this key signed, or its claims disagree with its credential."""


def jwt_verify(token: str, *, key: OKPKey) -> tuple[dict, dict]:
    """(header, claims) of a token `key` signed, after checking that the registered claims say
    what the credential in it says (OB 3.0 §8.2 "Verify a Credential"). Dates are not judged
    here: a revoked or expired credential still has a good signature."""
    try:
        token_data = jwt.decode(token, key, algorithms=[ALGORITHM])
    except (JoseError, ValueError) as error:
        raise SignatureInvalid(str(error)) from None
    claims = token_data.claims
    if claims != jwt_claims({k: v for k, v in claims.items() if k not in JWT_CLAIM_NAMES}):
        raise SignatureInvalid("The JWT claims do not match the credential they carry.")
    return token_data.header, claims


JWT_CLAIM_NAMES = {"iss", "jti", "sub", "nbf", "exp"}
