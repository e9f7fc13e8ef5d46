import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.conftest import run_queued_tasks
from tests.factories import PASSWORD

SIGNUP = {"email": "new@example.com", "password1": "correct horse battery", "password2": ""}
SIGNUP["password2"] = SIGNUP["password1"]


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_signup_sends_a_verification_email_and_verifying_signs_the_user_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert mail.outbox == []  # sent by the worker, outside the request
    run_queued_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert mail.outbox[0].subject.startswith("[Roadmap]")
    assert not EmailAddress.objects.get(email="new@example.com").verified

    link = confirmation_link(mail.outbox[0])
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.com").verified
    home = client.get(response.url)
    assert home.context["user"].email == "new@example.com"


@pytest.mark.django_db
def test_an_unverified_user_cannot_sign_in_until_verified(client):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_verified_user_signs_in_and_out(client, learner):
    response = client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_password_and_unknown_email_get_the_same_message(client, learner):
    wrong_password = client.post(
        reverse("account_login"), {"login": learner.email, "password": "not the password"}
    )
    unknown_email = client.post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "not the password"}
    )

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == (
        unknown_email.context["form"].non_field_errors()
    )
    assert "not correct" in str(wrong_password.context["form"].non_field_errors())


@pytest.mark.django_db
def test_sign_in_errors_look_like_errors_and_are_announced(client, learner):
    response = client.post(
        reverse("account_login"), {"login": learner.email, "password": "not the password"}
    )

    body = response.content.decode()
    assert '<div class="form-errors" role="alert">' in body
    assert "not correct" in body.split('class="form-errors"')[1].split("</div>")[0]


@pytest.mark.django_db
def test_sign_up_field_errors_are_tied_to_their_field(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "short@example.com", "password1": "tiny-pass1", "password2": "tiny-pass1"},
    )

    body = response.content.decode()
    assert '<div class="errors" id="id_password1_error" role="alert">' in body
    assert 'aria-invalid="true"' in body
    assert '<label for="id_email">Email</label>' in body


@pytest.mark.django_db
def test_passwords_shorter_than_twelve_characters_are_refused(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "short@example.com", "password1": "tiny-pass1", "password2": "tiny-pass1"},
    )

    assert response.status_code == 200
    assert "at least 12 characters" in str(response.context["form"].errors)
    assert not User.objects.filter(email="short@example.com").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signing_up_twice_with_one_email_creates_one_account(client, learner):
    response = client.post(
        reverse("account_signup"),
        {"email": learner.email.upper(), "password1": PASSWORD, "password2": PASSWORD},
    )

    # allauth does not reveal that the address is taken; it emails the owner instead.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=learner.email).count() == 1


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client, learner):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": learner.email, "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
