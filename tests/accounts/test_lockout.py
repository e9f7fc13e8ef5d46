"""Failed sign-ins slow a guesser down without locking the owner out: counted per address
and account (five in five minutes), and per address whatever the account (ten a minute)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"


def sign_in(client, email, password, address):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(client, learner):
    for _ in range(5):
        sign_in(client, learner.email, "wrong password", ATTACKER)

    response = sign_in(client, learner.email, PASSWORD, OWNER)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)


def test_the_guessing_address_is_held_back_even_with_the_right_password(client, learner):
    for _ in range(5):
        sign_in(client, learner.email, "wrong password", ATTACKER)

    response = sign_in(client, learner.email, PASSWORD, ATTACKER)

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_one_address_trying_many_accounts_is_held_back_too(client, learner):
    others = [UserFactory(username=f"target{n}") for n in range(10)]
    for other in others:
        sign_in(client, other.email, "wrong password", ATTACKER)

    response = sign_in(client, learner.email, PASSWORD, ATTACKER)

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
    assert sign_in(client, learner.email, PASSWORD, OWNER).status_code == 302
