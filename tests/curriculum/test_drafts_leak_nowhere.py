"""A skill that only an unpublished or archived track practises is nobody's business but the
mentors': not listed, not found, no page of its own (and so nothing to share)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from curriculum.catalog_format import parse_track
from curriculum.importer import import_track
from curriculum.models import Skill, Track
from tests.curriculum.factories import track_text

pytestmark = pytest.mark.django_db

SECRET = "Quantum Zebra Parsing"


def import_track_with_secret_skill(slug, *, publish):
    text = track_text(slug).replace("shared skill", SECRET)
    return import_track(parse_track(text), publish_new=publish).track


@pytest.fixture(params=["draft", "archived"])
def hidden_track(request):
    track = import_track_with_secret_skill("secret-plans", publish=request.param == "archived")
    if request.param == "archived":
        Track.objects.filter(pk=track.pk).update(archived_at=timezone.now())
    return track


def secret_skill():
    return Skill.objects.get(name=SECRET)


@pytest.mark.parametrize("persona", ["anonymous", "learner"])
def test_the_skill_of_a_hidden_track_shows_nowhere(request, client, hidden_track, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    skill = secret_skill()

    skill_list = client.get(reverse("curriculum:skill-list")).content.decode()
    skill_page = client.get(skill.get_absolute_url())
    search = client.get(reverse("curriculum:search"), {"q": "Quantum Zebra"}).content.decode()
    search_home = client.get(reverse("curriculum:search")).content.decode()

    assert SECRET not in skill_list
    assert skill_page.status_code == 404
    assert skill.get_absolute_url() not in search
    assert skill.get_absolute_url() not in search_home


def test_mentors_still_preview_a_draft_tracks_skill(client, mentor):
    import_track_with_secret_skill("secret-plans", publish=False)
    client.force_login(mentor)

    response = client.get(secret_skill().get_absolute_url())

    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_once_the_track_is_published_the_skill_appears(client):
    track = import_track_with_secret_skill("secret-plans", publish=False)
    Track.objects.filter(pk=track.pk).update(is_published=True)

    search = client.get(reverse("curriculum:search"), {"q": "Zebra"}).content.decode()
    assert client.get(secret_skill().get_absolute_url()).status_code == 200
    assert secret_skill().get_absolute_url() in search
