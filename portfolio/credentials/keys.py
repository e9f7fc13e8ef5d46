"""The issuer's Ed25519 signing keys, kept in the database.

The private key is stored encrypted with a key derived from SECRET_KEY (and decrypted with
SECRET_KEY_FALLBACKS too, so rotating SECRET_KEY the Django way keeps it readable): a
database dump alone cannot sign credentials. The public key is stored in clear: it is
published. `python manage.py credential_keys --rotate` makes a new active key; the old ones
stay published so that every credential they signed keeps verifying.
"""

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from joserfc.jwk import OKPKey

from portfolio.models import SigningKey


def _fernet() -> MultiFernet:
    """Encrypts with SECRET_KEY; decrypts with it or any of SECRET_KEY_FALLBACKS."""
    return MultiFernet(
        [
            Fernet(_derived_key(secret))
            for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        ]
    )


def _derived_key(secret: str) -> bytes:
    # A key of its own for this purpose: never SECRET_KEY itself.
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"roadmap credential signing key"
    ).derive(secret.encode())
    return base64.urlsafe_b64encode(derived)


def _new_key(*, now, active: bool) -> SigningKey:
    pair = OKPKey.generate_key("Ed25519")
    return SigningKey.objects.create(
        name=f"{now:%Y-%m-%d}-{secrets.token_hex(3)}",
        public_jwk=pair.as_dict(private=False),
        private_key_encrypted=_fernet().encrypt(pair.as_pem(private=True)),
        is_active=active,
        created_at=now,
    )


def signing_key_active() -> SigningKey:
    """The key that signs new credentials; the first call on a new site makes it."""
    key = SigningKey.objects.filter(is_active=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _new_key(now=timezone.now(), active=True)
    except IntegrityError:
        # Another process made the first key at the same moment: use theirs.
        return SigningKey.objects.get(is_active=True)


@transaction.atomic
def signing_key_rotate(*, now=None) -> SigningKey:
    """Retire the active key (it stays published) and make a new one active."""
    now = now or timezone.now()
    SigningKey.objects.select_for_update().filter(is_active=True).update(
        is_active=False, retired_at=now
    )
    return _new_key(now=now, active=True)


def private_key(key: SigningKey) -> OKPKey:
    try:
        pem = _fernet().decrypt(bytes(key.private_key_encrypted))
    except InvalidToken:
        raise ImproperlyConfigured(
            f"The credential signing key {key.name} cannot be decrypted: SECRET_KEY changed. "
            "Put the old value in SECRET_KEY_FALLBACKS, or run "
            "`python manage.py credential_keys --rotate` to sign new credentials with a new key."
        ) from None
    return OKPKey.import_key(pem)


def public_key(key: SigningKey) -> OKPKey:
    return OKPKey.import_key(key.public_jwk)
