"""Shared personas: a learner, another learner, a mentor and an admin, each able to sign in."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def learner(db):
    return UserFactory(username="lena", display_name="Lena Learner")


@pytest.fixture
def other_learner(db):
    return UserFactory(username="otto", display_name="Otto Other")


@pytest.fixture
def mentor(db):
    user = UserFactory(username="mira", display_name="Mira Mentor")
    user.make_mentor()
    return user


@pytest.fixture
def site_admin(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 at full strength costs a second per test that signs someone in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
