import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.models import User

PASSWORD = "a-long-test-password"
# The authenticator app secret of the users given two-factor sign-in (accounts.demo.totp_code
# tells its current code).
TOTP_SECRET = "TESTTESTTESTTESTTESTTESTTESTTEST"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary email who can sign in with PASSWORD."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def add_two_factor(user, secret: str = TOTP_SECRET):
    """Give `user` an authenticator app, as activating one on the two-factor page does."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
    return user
