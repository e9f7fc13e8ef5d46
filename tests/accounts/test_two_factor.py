"""Two-factor sign-in: required for mentors and admins before the review pages, cohorts and
the admin open; optional for learners, from their profile."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.demo import totp_code
from curriculum.models import Track
from portfolio.models import Cohort
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory, add_two_factor

pytestmark = pytest.mark.django_db

SETUP = reverse("mfa_activate_totp")


@pytest.fixture
def mentor_without_two_factor(db):
    user = UserFactory(username="newmentor")
    user.make_mentor()
    return user


@pytest.fixture
def admin_without_two_factor(db):
    return UserFactory(username="newadmin", is_staff=True, is_superuser=True)


def areas():
    cohort = Cohort.objects.create(name="C", track=Track.objects.first(), starts_on="2026-03-01")
    return [
        reverse("review:queue"),
        reverse("admin:index"),
        reverse("admin:curriculum_project_changelist"),
        reverse("cohorts:list"),
        reverse("cohorts:detail", args=[cohort.pk]),
    ]


@pytest.mark.parametrize("persona", ["mentor_without_two_factor", "admin_without_two_factor"])
def test_mentors_and_admins_without_a_second_factor_are_sent_to_set_one_up(
    request, client, persona
):
    client.force_login(request.getfixturevalue(persona))

    for url in areas():
        response = client.get(url)

        assert response.status_code == 302, url
        assert response.url == SETUP, url
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "Mentors and admins sign in with two factors" in message


def test_the_message_shows_on_the_setup_page(client, mentor_without_two_factor):
    client.force_login(mentor_without_two_factor)

    response = client.get(reverse("review:queue"), follow=True)

    body = response.content.decode()
    assert "Mentors and admins sign in with two factors" in body
    # allauth asks for the password again before a second factor is added.
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_once_set_up_the_review_queue_and_the_admin_open(client, mentor_without_two_factor):
    add_two_factor(mentor_without_two_factor)
    client.force_login(mentor_without_two_factor)

    assert client.get(reverse("review:queue")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_alone_is_not_a_second_factor(client, mentor_without_two_factor):
    Authenticator.objects.create(
        user=mentor_without_two_factor, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    client.force_login(mentor_without_two_factor)

    assert client.get(reverse("review:queue")).url == SETUP


def test_learners_use_the_site_without_a_second_factor(client, learner):
    client.force_login(learner)

    assert client.get(reverse("portfolio:dashboard")).status_code == 200
    assert client.get(reverse("cohorts:list")).status_code == 200


def test_learners_find_two_factor_sign_in_on_their_profile(client, learner):
    client.force_login(learner)
    off = client.get(reverse("accounts:profile")).content.decode()
    add_two_factor(learner)
    on = client.get(reverse("accounts:profile")).content.decode()

    assert "Set up two-factor sign-in" in off and reverse("mfa_index") in off
    assert "Manage two-factor sign-in" in on


def test_signing_in_with_a_second_factor_asks_for_the_code(client, mentor):
    response = client.post(reverse("account_login"), {"login": mentor.email, "password": PASSWORD})

    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert "Incorrect code" in wrong.content.decode()

    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert client.session["_auth_user_id"] == str(mentor.pk)
    assert client.get(reverse("review:queue")).status_code == 200


def test_a_learner_activates_an_authenticator_app_from_the_two_factor_page(client, learner):
    client.force_login(learner)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(SETUP)
    secret = page.context["form"].secret

    response = client.post(SETUP, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert learner.has_two_factor()
