"""The demo accounts `make run` creates, so a newcomer can sign in as each role at once."""

import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import encrypt
from django.db import transaction

from accounts.models import User

# The demo mentor's and admin's authenticator app secret (they must sign in with two
# factors, like every mentor). Public, as their passwords are: development only.
DEMO_TOTP_SECRET = "DEMOCODEDEMOCODEDEMOCODEDEMOCODE"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    email: str
    password: str
    display_name: str


DEMO_ACCOUNTS = [
    DemoAccount(
        "learner", "demo-learner", "learner@example.com", "learn-python-2026", "Demo Learner"
    ),
    DemoAccount("mentor", "demo-mentor", "mentor@example.com", "mentor-python-2026", "Demo Mentor"),
    DemoAccount("admin", "demo-admin", "admin@example.com", "admin-python-2026", "Demo Admin"),
]


def totp_code(secret: str = DEMO_TOTP_SECRET, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` now (or at `at`)."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


@transaction.atomic
def create_demo_accounts() -> list[User]:
    """Create (or reset to their documented state) the demo learner, mentor and admin."""
    users = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first() or User(email=account.email)
        user.username = account.username
        user.display_name = account.display_name
        user.is_superuser = account.role == "admin"
        user.is_staff = account.role == "admin"
        user.set_password(account.password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.role == "mentor":
            user.make_mentor()
        if account.role != "learner":
            Authenticator.objects.update_or_create(
                user=user,
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
            )
        users.append(user)
    return users
