"""The demo accounts `make run` creates, so a newcomer can sign in as each role at once."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    email: str
    password: str
    display_name: str


DEMO_ACCOUNTS = [
    DemoAccount("learner", "learner", "learner@example.com", "learn-python-2026", "Demo Learner"),
    DemoAccount("mentor", "mentor", "mentor@example.com", "mentor-python-2026", "Demo Mentor"),
    DemoAccount("admin", "admin", "admin@example.com", "admin-python-2026", "Demo Admin"),
]


@transaction.atomic
def create_demo_accounts() -> list[User]:
    """Create (or reset to their documented state) the demo learner, mentor and admin."""
    users = []
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(
            username=account.username, defaults={"email": account.email}
        )
        user.email = account.email
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
        users.append(user)
    return users
