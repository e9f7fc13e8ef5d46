"""Public handles: chosen by the learner, never derived from their email, validated, unique
whatever their case, changeable; an old handle redirects for 30 days, then is gone."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from accounts.models import HandleChange, User
from tests.conftest import run_queued_tasks

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def portfolio(handle):
    return reverse("portfolio-public:detail", args=[handle])


def save_profile(client, user, **changes):
    data = {"username": user.username, "display_name": user.display_name, "bio": ""}
    data |= {"github_username": "", "portfolio_public": "on"} | changes
    return client.post(PROFILE, data)


@pytest.fixture
def public_learner(learner):
    learner.portfolio_public = True
    learner.save(update_fields=["portfolio_public"])
    return learner


def test_sign_up_gives_a_neutral_handle_not_the_start_of_the_email(client):
    client.post(
        reverse("account_signup"),
        {"email": "jane.doe@example.com", "password1": "x" * 14, "password2": "x" * 14},
    )

    handle = User.objects.get(email="jane.doe@example.com").username
    assert re.fullmatch(r"learner-[a-z0-9]{5}", handle)
    run_queued_tasks()


def test_a_learner_chooses_a_handle_and_the_portfolio_moves_to_it(client, public_learner):
    client.force_login(public_learner)

    response = save_profile(client, public_learner, username="lena-codes")

    assert response.status_code == 302
    assert client.get(portfolio("lena-codes")).status_code == 200
    old = client.get(portfolio("lena"))
    assert old.status_code == 301
    assert old.url == portfolio("lena-codes")


@pytest.mark.parametrize(
    ("handle", "error"),
    [
        ("ab", "3–30 letters"),
        ("a" * 31, "3–30 letters"),
        ("lena.learner", "3–30 letters"),
        ("lena learner", "3–30 letters"),
        ("<script>", "3–30 letters"),
        ("admin", "is reserved"),
        ("Review", "is reserved"),
        ("API", "is reserved"),
        ("OTTO", "That handle is taken"),
    ],
)
def test_a_bad_handle_is_explained_and_nothing_changes(
    client, public_learner, other_learner, handle, error
):
    client.force_login(public_learner)

    response = save_profile(client, public_learner, username=handle, display_name="Changed")

    assert response.status_code == 200
    assert error in response.content.decode()
    public_learner.refresh_from_db()
    assert (public_learner.username, public_learner.display_name) == ("lena", "Lena Learner")
    assert not HandleChange.objects.exists()


def test_a_handle_given_up_is_nobody_elses_for_30_days(client, public_learner, other_learner):
    client.force_login(public_learner)
    save_profile(client, public_learner, username="lena-codes")
    client.force_login(other_learner)

    response = save_profile(client, other_learner, username="Lena")

    assert "That handle is taken" in response.content.decode()


def test_a_learner_may_take_their_own_old_handle_back(client, public_learner):
    client.force_login(public_learner)
    save_profile(client, public_learner, username="lena-codes")
    public_learner.refresh_from_db()

    save_profile(client, public_learner, username="lena")

    assert client.get(portfolio("lena")).status_code == 200
    assert client.get(portfolio("lena-codes")).status_code == 301
    assert list(HandleChange.objects.values_list("old_handle", flat=True)) == ["lena-codes"]


def test_after_30_days_the_old_handle_is_a_404_and_free_again(client, public_learner):
    client.force_login(public_learner)
    save_profile(client, public_learner, username="lena-codes")
    HandleChange.objects.update(changed_at=timezone.now() - timedelta(days=31))

    assert client.get(portfolio("lena")).status_code == 404
    assert not User.objects.handle_taken("lena")


def test_another_case_of_the_handle_redirects_to_the_handle_as_written(client, public_learner):
    response = client.get(portfolio("LENA"))

    assert response.status_code == 301
    assert response.url == portfolio("lena")


def test_a_private_portfolios_old_handle_does_not_redirect(client, learner):
    # A redirect would tie the old handle to the new one for anyone to see.
    HandleChange.objects.create(user=learner, old_handle="lena-old")

    assert client.get(portfolio("lena-old")).status_code == 404


def test_the_public_page_never_shows_the_email(client, public_learner):
    public_learner.email = "lena.private@example.com"
    public_learner.save(update_fields=["email"])

    body = client.get(portfolio("lena")).content.decode()

    assert "lena.private" not in body
    assert '<meta property="profile:username" content="lena">' in body


def test_migration_gives_email_derived_usernames_a_handle_and_a_redirect(transactional_db):
    executor = MigrationExecutor(connection)
    before = [("accounts", "0007_user_away_until")]
    # Every app's latest: going back unapplied the other apps' migrations that need accounts'
    # later ones (portfolio's triggers and tables), and later tests need them back.
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldUser = old_apps.get_model("accounts", "User")
    OldUser.objects.create(username="jane.doe", email="jane.doe@example.com", password="!")
    OldUser.objects.create(username="chosen", email="someone@example.com", password="!")
    OldUser.objects.create(username="Chosen", email="other@example.com", password="!")

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    jane = User.objects.get(email="jane.doe@example.com")
    assert re.fullmatch(r"learner-[a-z0-9]{5}", jane.username)
    assert User.objects.get(email="someone@example.com").username == "chosen"
    clash = User.objects.get(email="other@example.com").username
    assert clash.startswith("learner-")  # unique whatever the case, now
    assert list(HandleChange.objects.values_list("user__email", "old_handle")) == [
        ("jane.doe@example.com", "jane.doe")
    ]
    assert User.objects.by_old_handle("jane.doe") == jane
