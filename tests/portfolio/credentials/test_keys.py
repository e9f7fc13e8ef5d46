"""Signing keys: made on first use, rotated by a command, published (public halves only) with
the issuer profile and at /.well-known/jwks.json, never shown whole anywhere."""

import base64
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import OKPKey

from portfolio.credentials.keys import private_key, signing_key_active, signing_key_rotate
from portfolio.models import SigningKey
from tests.portfolio.credentials.conftest import SITE, approve, credential_of, jwt_parts

pytestmark = pytest.mark.django_db


def private_values(key: SigningKey) -> list[str]:
    """What must never leave the server: the private scalar, raw and as PEM."""
    secret = private_key(key)
    d = secret.as_dict(private=True)["d"]
    pem = secret.as_pem(private=True).decode()
    body = "".join(pem.strip().splitlines()[1:-1])
    return [d, body, base64.b64encode(bytes(key.private_key_encrypted)).decode()[:40]]


def test_the_first_credential_makes_the_first_key(issued):
    [key] = SigningKey.objects.all()

    assert key.is_active and issued.signing_key == key
    assert set(key.public_jwk) == {"kty", "crv", "x"}
    # Stored encrypted: no PEM, no JWK of the private half in the column.
    assert b"PRIVATE KEY" not in bytes(key.private_key_encrypted)


def test_the_issuer_profile_is_served_at_its_id(client, issued):
    response = client.get(reverse("credentials:issuer"))

    assert response.json() == issued.document["issuer"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_kid_answers_with_the_public_jwk_only(client, issued):
    header, _payload = jwt_parts(issued.jwt)
    path = header["kid"].removeprefix(SITE)

    jwk = client.get(path).json()

    key = issued.signing_key
    assert jwk == {**key.public_jwk, "kid": header["kid"], "alg": "EdDSA", "use": "sig"}
    assert "d" not in jwk


def test_rotation_keeps_old_keys_published_and_old_credentials_valid(
    client, learner, mentor, converter, week_one
):
    approve(learner, converter, mentor)
    old = credential_of(learner)

    new_key = signing_key_rotate()
    approve(learner, week_one, mentor)
    new = credential_of(learner, "level")

    old.signing_key.refresh_from_db()
    assert not old.signing_key.is_active and old.signing_key.retired_at is not None
    assert new.signing_key == new_key and signing_key_active() == new_key
    assert jwt_parts(new.jwt)[0]["kid"] != jwt_parts(old.jwt)[0]["kid"]
    kids = [key["kid"] for key in client.get("/.well-known/jwks.json").json()["keys"]]
    assert kids == [jwt_parts(old.jwt)[0]["kid"], jwt_parts(new.jwt)[0]["kid"]]
    for credential in (old, new):
        page = client.get(reverse("credentials:verify", args=[credential.pk]))
        assert "<strong>Valid.</strong>" in page.content.decode()


def test_an_old_key_cannot_verify_what_a_new_key_signed(learner, mentor, converter, week_one):
    approve(learner, converter, mentor)
    old = credential_of(learner)
    signing_key_rotate()
    approve(learner, week_one, mentor)
    new = credential_of(learner, "level")

    with pytest.raises(BadSignatureError):
        jwt.decode(new.jwt, OKPKey.import_key(old.signing_key.public_jwk), algorithms=["EdDSA"])


def test_the_command_lists_and_rotates_keys(db):
    out = StringIO()
    call_command("credential_keys", stdout=out)
    [first] = SigningKey.objects.all()
    assert f"{first.name}  active  {SITE}/credentials/issuer/keys/{first.name}/" in (out.getvalue())

    out = StringIO()
    call_command("credential_keys", "--rotate", stdout=out)

    second = SigningKey.objects.get(is_active=True)
    assert second != first
    assert f"New active key {second.name}" in out.getvalue()
    assert f"{first.name}  retired" in out.getvalue()
    for value in private_values(second):
        assert value not in out.getvalue()


def test_no_page_shows_a_private_key(client, issued, site_admin):
    """The JWKS, the issuer, the key URL, the credential pages, and the admin's pages."""
    key = issued.signing_key
    client.force_login(site_admin)
    pages = [
        "/.well-known/jwks.json",
        reverse("credentials:issuer"),
        reverse("credentials:key", args=[key.name]),
        reverse("credentials:verify", args=[issued.pk]),
        reverse("admin:portfolio_signingkey_changelist"),
        reverse("admin:portfolio_signingkey_change", args=[key.pk]),
        reverse("admin:portfolio_credential_change", args=[issued.pk]),
    ]
    secrets = private_values(key)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for value in secrets:
            assert value not in response.content.decode(), page


def test_an_unknown_key_is_a_404(client, db):
    assert client.get(reverse("credentials:key", args=["no-such-key"])).status_code == 404
