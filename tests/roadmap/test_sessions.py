"""Sessions are Django's database sessions, read with one plain statement (roadmap.sessions):
a live session signs its user in, an expired or unknown one signs nobody in."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from roadmap.sessions import SessionStore

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portfolio:dashboard")


def test_a_live_session_signs_its_user_in(client, learner):
    client.force_login(learner)

    assert client.get(DASHBOARD).status_code == 200


def test_an_expired_session_signs_nobody_in(client, learner):
    client.force_login(learner)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(DASHBOARD)

    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_an_unknown_session_key_signs_nobody_in_and_is_never_adopted(client, learner):
    client.force_login(learner)
    Session.objects.all().delete()

    assert client.get(DASHBOARD).status_code == 302
    # Loading an unknown key forgets it: a session saved next gets a new key of its own
    # (nobody can choose the key of someone's session).
    store = SessionStore("unknownkey0123456789abcdefghijkl")
    assert store.load() == {}
    assert store.session_key is None
