"""Who sees a screenshot: /media/screenshots/<name> applies Screenshot.is_visible_to, then
hands the file over as production does (X-Accel-Redirect to the proxy) or as development does
(the file itself). Everyone else gets the 404 of a file that does not exist. Caddy sending the
file after the handover is tested for real in tests/deploy/test_proxy.py."""

import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from portfolio.models import Screenshot, SubmissionStatus
from tests.portfolio.review_helpers import reviewed, submit

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(buffer, "PNG")
    return buffer.getvalue()


PICTURE = png_bytes()
ROLES = ["anonymous", "owner", "other learner", "mentor", "admin"]
# Which roles see a screenshot in each state of its submission.
SEES = {
    "staged": {"owner", "admin"},
    "waiting": {"owner", "mentor", "admin"},
    "withdrawn": {"owner", "mentor", "admin"},
    "approved, portfolio private": {"owner", "mentor", "admin"},
    "approved, portfolio public": set(ROLES),
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(params=["production", "development"])
def deployment(request, settings):
    """Production as docker-compose.yml runs it (DEBUG=0, behind Caddy), or development."""
    production = request.param == "production"
    settings.DEBUG = not production
    settings.MEDIA_ACCEL_REDIRECT = production
    return request.param


def stored_screenshot(owner, submission=None) -> Screenshot:
    """A screenshot as an upload leaves it: the file in storage, its row."""
    name = f"screenshots/{uuid.uuid4().hex}.png"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PICTURE)
    return Screenshot.objects.create(owner=owner, submission=submission, image=name)


def screenshot_in_state(state, learner, mentor, project) -> Screenshot:
    if state == "staged":
        return stored_screenshot(learner)
    submission = submit(learner, project)
    if state == "withdrawn":
        submission.status = SubmissionStatus.WITHDRAWN
        submission.save(update_fields=["status"])
    if state.startswith("approved"):
        reviewed(submission, mentor)
        learner.portfolio_public = state.endswith("public")
        learner.save(update_fields=["portfolio_public"])
    return stored_screenshot(learner, submission)


def cache_directives(response) -> set[str]:
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def sign_in(client, role, people):
    if role != "anonymous":
        client.force_login(people[role])


@pytest.mark.parametrize("state", list(SEES))
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_screenshot(
    client, deployment, role, state, learner, other_learner, mentor, site_admin, project
):
    people = {"owner": learner, "other learner": other_learner, "mentor": mentor}
    people["admin"] = site_admin
    shot = screenshot_in_state(state, learner, mentor, project)
    sign_in(client, role, people)

    response = client.get(shot.get_absolute_url())

    if role not in SEES[state]:
        assert response.status_code == 404
        assert not response.has_header("X-Accel-Redirect")
        assert PICTURE not in response.content
        return
    assert response.status_code == 200
    if deployment == "production":
        assert response.content == b""  # Caddy sends the file from the media volume
        assert response["X-Accel-Redirect"] == f"/{shot.image.name}"
    else:
        assert b"".join(response.streaming_content) == PICTURE
    assert response["Content-Type"] == "image/png"
    if state == "approved, portfolio public":  # the same for everyone, whoever asks
        assert response["Cache-Control"] == "public, max-age=3600"
    else:  # only ever to someone signed in: kept nowhere (roadmap.middleware)
        assert {"private", "no-store"} <= cache_directives(response)


def test_a_deactivated_learners_public_work_is_hidden(client, learner, mentor, project):
    shot = screenshot_in_state("approved, portfolio public", learner, mentor, project)
    learner.is_active = False
    learner.save(update_fields=["is_active"])

    assert client.get(shot.get_absolute_url()).status_code == 404


def test_a_file_with_no_row_is_not_found_even_when_it_is_stored(client, site_admin, settings):
    (Path(settings.MEDIA_ROOT) / "screenshots").mkdir()
    (Path(settings.MEDIA_ROOT) / "screenshots/stray.png").write_bytes(PICTURE)
    client.force_login(site_admin)

    response = client.get(reverse("portfolio:screenshot", args=["stray.png"]))

    assert response.status_code == 404


def test_only_reading_is_allowed(client, learner):
    shot = stored_screenshot(learner)
    client.force_login(learner)

    assert client.head(shot.get_absolute_url()).status_code == 200
    assert client.post(shot.get_absolute_url()).status_code == 405


def test_the_media_view_costs_a_fixed_number_of_queries(
    client, mentor, learner, project, django_assert_max_num_queries
):
    shot = screenshot_in_state("waiting", learner, mentor, project)
    for _ in range(3):  # more screenshots change nothing
        stored_screenshot(learner, shot.submission)
        stored_screenshot(learner)
    client.force_login(mentor)

    # session, user, the screenshot with its owner and submission, the mentor rule
    with django_assert_max_num_queries(4):
        assert client.get(shot.get_absolute_url()).status_code == 200


def test_images_in_markdown_follow_the_same_rule(client, learner, other_learner, mentor, project):
    """Markdown keeps only images of our own media, and those load through the same view:
    a write-up cannot show anyone a screenshot they may not see."""
    private = stored_screenshot(other_learner)  # staged: only its owner sees it
    public = screenshot_in_state("approved, portfolio public", learner, mentor, project)
    public.submission.write_up = (
        f"![mine]({public.get_absolute_url()}) ![theirs]({private.get_absolute_url()})"
    )
    public.submission.save()

    page = client.get(reverse("portfolio-public:detail", args=[learner.username]))

    assert f'<img src="{public.get_absolute_url()}" alt="mine">' in page.content.decode()
    assert f'<img src="{private.get_absolute_url()}" alt="theirs">' in page.content.decode()
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(private.get_absolute_url()).status_code == 404


def test_in_development_nothing_else_serves_the_media_directory():
    """Django's static() served all of MEDIA_ROOT, past the rule, whenever DEBUG was on."""
    probe = (
        "import django; django.setup();"
        "from django.urls import resolve, Resolver404\n"
        "for path in ['/media/screenshots/a.png', '/media/a.png', '/media/other/a.png']:\n"
        "    try: print(path, resolve(path).view_name)\n"
        "    except Resolver404: print(path, 404)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "roadmap.settings", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "/media/screenshots/a.png portfolio:screenshot",
        "/media/a.png 404",
        "/media/other/a.png 404",
    ]
