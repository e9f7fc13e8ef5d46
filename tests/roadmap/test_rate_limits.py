"""Per-user limits on the writes a script could repeat: over the limit a POST gets a 429 (a
fragment for htmx) and changes nothing; other users and GETs are not counted."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from curriculum.models import Project
from portfolio.models import Screenshot, Submission, TimeEntry
from portfolio.submissions import submission_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_limits(settings):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {
        "write_up_preview": "2/m/user",
        "submit": "1/h/user",
        "withdraw": "1/h/user",
        "upload": "2/h/user",
        "time_post": "2/m/user",
    }


@pytest.fixture
def project():
    return Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")


def png(name="shot.png"):
    data = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(data, format="PNG")
    data.name = name
    data.seek(0)
    return data


def test_previews_over_the_limit_get_a_429_and_others_are_not_counted(
    client, learner, other_learner
):
    client.force_login(learner)
    url = reverse("portfolio:write-up-preview")
    answers = [client.post(url, {"write_up": "hi"}).status_code for _ in range(3)]
    client.force_login(other_learner)

    assert answers == [200, 200, 429]
    assert client.post(url, {"write_up": "hi"}).status_code == 200


def test_htmx_gets_the_message_for_the_pages_message_region(client, learner, project):
    client.force_login(learner)
    url = reverse("portfolio:time-quick", args=[project.pk])
    for _ in range(2):
        client.post(url, {"minutes": "30"}, headers={"HX-Request": "true"})

    response = client.post(url, {"minutes": "30"}, headers={"HX-Request": "true"})

    assert response.status_code == 429
    assert response["HX-Retarget"] == "#messages"
    assert "<html" not in response.content.decode()
    assert "You did that many times in a short while" in response.content.decode()
    assert TimeEntry.objects.filter(user=learner).count() == 2


def test_the_page_without_javascript_explains_it(client, learner, project):
    client.force_login(learner)
    url = reverse("portfolio:time-entries", args=[project.pk])
    data = {"minutes": "20", "spent_on": "2026-03-01", "note": ""}
    for _ in range(2):
        client.post(url, data)

    response = client.post(url, data)

    assert response.status_code == 429
    assert "<h1>Too many requests</h1>" in response.content.decode()
    assert client.get(url).status_code == 200  # reading is never limited


def test_submissions_and_uploads_are_limited(client, learner, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(learner)
    url = reverse("portfolio:submission-new", args=[project.track.slug, project.slug])
    data = {"repository_url": "https://github.com/lena/md", "write_up": ""}

    three_files = client.post(url, data | {"screenshots": [png(), png(), png()]})
    assert three_files.status_code == 429
    assert not Screenshot.objects.exists()

    assert client.post(url, data).status_code == 302
    Submission.objects.filter(user=learner).update(status="withdrawn")
    assert client.post(url, data).status_code == 429
    assert Submission.objects.filter(user=learner).count() == 1


def test_withdrawals_are_limited(client, learner, project):
    client.force_login(learner)
    first = submission_create(user=learner, project=project, repository_url="https://x.org/a")
    client.post(reverse("portfolio:submission-withdraw", args=[first.pk]))
    second = submission_create(user=learner, project=project, repository_url="https://x.org/b")

    response = client.post(reverse("portfolio:submission-withdraw", args=[second.pk]))

    assert response.status_code == 429
    second.refresh_from_db()
    assert second.status == "waiting"


def test_conversation_messages_are_limited(client, learner, project, settings):
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {"message_post": "1/m/user"}
    submission = submission_create(user=learner, project=project, repository_url="https://x.org/a")
    client.force_login(learner)
    url = reverse("portfolio:submission-messages", args=[submission.pk])

    client.post(url, {"body": "A first question."})
    response = client.post(url, {"body": "A second one, too soon."})

    assert response.status_code == 429
    assert "A second one" not in str(list(submission.messages.values_list("body", flat=True)))
