"""Hardening headers on every page type, under production settings: a Content-Security-Policy
with no inline code, Permissions-Policy, the HTTPS headers, and `private, no-store` on every
page a signed-in user gets."""

import os
import subprocess
import sys
from datetime import date

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from curriculum.models import Project, Skill, Track
from portfolio.models import Cohort, TimeEntry
from portfolio.submissions import submission_create
from tests.roadmap.test_settings import ROOT

pytestmark = pytest.mark.django_db

PROJECT = ("novice-to-principal", "markdown-html-converter")


@pytest.fixture(autouse=True)
def production(settings):
    """What DEBUG=0 turns on in roadmap/settings.py; requests below are made over HTTPS."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


@pytest.fixture
def pages(learner, mentor, site_admin):
    """(who, URL) of one page of each type, with the data each needs."""
    project = Project.objects.get(track__slug=PROJECT[0], slug=PROJECT[1])
    other = Project.objects.published().select_related("track").exclude(pk=project.pk).first()
    submission = submission_create(user=learner, project=project, repository_url="https://x.org/r")
    entry = TimeEntry.objects.create(user=learner, project=project, minutes=30)
    cohort = Cohort.objects.create(name="C", track=project.track, starts_on=date(2026, 3, 1))
    cohort.mentors.add(mentor)
    learner.portfolio_public = True
    learner.save(update_fields=["portfolio_public"])
    skill = Skill.objects.practised_in(Project.objects.published()).first()
    public = [
        ("home", "/"),
        ("track list", reverse("curriculum:track-list")),
        ("track", Track.objects.get(slug=PROJECT[0]).get_absolute_url()),
        ("project", project.get_absolute_url()),
        ("skills", reverse("curriculum:skill-list")),
        ("skill", skill.get_absolute_url()),
        ("search", reverse("curriculum:search") + "?q=markdown"),
        ("portfolio", reverse("portfolio-public:detail", args=[learner.username])),
        ("not found", "/no-such-page/"),
        ("sign in", reverse("account_login")),
        ("sign up", reverse("account_signup")),
    ]
    learner_pages = [
        reverse("portfolio:dashboard"),
        reverse("portfolio:skills-coverage"),
        reverse("portfolio:progress-export", args=["csv"]),
        reverse("portfolio:progress-export", args=["json"]),
        reverse("portfolio:notifications"),
        reverse("portfolio:submission-new", args=[other.track.slug, other.slug]),
        reverse("portfolio:submission-withdraw", args=[submission.pk]),
        reverse("portfolio:time-entries", args=[project.pk]),
        reverse("portfolio:time-entry-edit", args=[entry.pk]),
        reverse("portfolio:track-reset", args=[PROJECT[0]]),
        reverse("accounts:profile"),
        reverse("account-data:delete"),
        reverse("cohorts:list"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        project.get_absolute_url(),
        "/",
    ]
    mentor_pages = [
        reverse("review:queue"),
        reverse("review:submission", args=[submission.pk]),
        reverse("cohorts:detail", args=[cohort.pk]),
        reverse("cohorts:csv", args=[cohort.pk]),
    ]
    admin_pages = [reverse("admin:index"), reverse("admin:curriculum_project_changelist")]
    return {
        "anonymous": public,
        "private": [(learner, url) for url in learner_pages]
        + [(mentor, url) for url in mentor_pages]
        + [(site_admin, url) for url in admin_pages],
    }


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def assert_hardened(response, url):
    directives = csp_directives(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    assert "unsafe-eval" not in response["Content-Security-Policy"], url
    assert directives["default-src"] == ["'self'"], url
    assert directives["script-src"] == directives["style-src"] == ["'self'"], url
    assert directives["img-src"] == ["'self'", "data:"], url
    assert directives["frame-ancestors"] == ["'none'"], url
    assert directives["form-action"] == ["'self'"], url
    assert directives["object-src"] == directives["base-uri"] == ["'none'"], url
    permissions = response["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in permissions, (url, feature)
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert response["Strict-Transport-Security"].startswith("max-age=31536000"), url


def test_public_pages_are_hardened_and_the_catalog_may_be_cached(client, pages):
    for who, url in pages["anonymous"]:
        response = client.get(url, secure=True)

        assert response.status_code in {200, 404}, url
        assert_hardened(response, url)
        if who not in {"sign in", "sign up"}:  # allauth's forms are never cached
            assert "no-store" not in response.get("Cache-Control", ""), url


def test_every_page_a_signed_in_user_gets_is_private_and_never_stored(client, pages):
    for user, url in pages["private"]:
        client.force_login(user)
        response = client.get(url, secure=True)

        assert response.status_code == 200, url
        assert_hardened(response, url)
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url
        assert get_max_age(response) == 0, url


def test_catalog_pages_are_private_too_when_someone_is_signed_in(client, learner):
    # They show the learner's name, unread count and ticks: by rule, not by page.
    client.force_login(learner)

    response = client.get(reverse("curriculum:skill-list"), secure=True)

    assert "no-store" in response["Cache-Control"]


def test_the_no_js_and_htmx_answers_are_private_as_well(client, learner):
    project = Project.objects.get(track__slug=PROJECT[0], slug=PROJECT[1])
    milestone = project.milestones.active().first()
    client.force_login(learner)

    response = client.post(
        reverse("portfolio:milestone-check", args=[milestone.pk]),
        {"done": "1"},
        secure=True,
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def test_htmx_is_configured_to_inject_no_style_and_evaluate_no_code(client):
    body = client.get("/", secure=True).content.decode()

    assert '"includeIndicatorStyles": false' in body
    assert '"allowEval": false' in body
    assert "<style" not in body and " style=" not in body and "<script>" not in body


def test_no_template_holds_inline_script_style_or_event_handler():
    # The CSP would block them: a page that needs one must use a static file instead.
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for pattern in ["<style", " style=", " onclick=", " onsubmit=", " onload=", "javascript:"]:
            if pattern in text:
                offenders.append(f"{path.relative_to(ROOT)}: {pattern.strip()}")
        scripts = text.count("<script")
        if scripts != text.count("<script src=") + text.count('type="application/json"'):
            offenders.append(f"{path.relative_to(ROOT)}: inline <script>")
    assert offenders == []


def probe_settings(**env) -> str:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "roadmap.settings", **env}
    probe = (
        "import django; django.setup(); from django.conf import settings;"
        "d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(' '.join(d['img-src']), '|', ' '.join(d['form-action']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_images_may_come_from_the_media_bucket_when_one_is_configured():
    assert probe_settings(
        AWS_STORAGE_BUCKET_NAME="uploads", AWS_S3_CUSTOM_DOMAIN="media.example.com"
    ).startswith("'self' data: https://media.example.com |")
    assert probe_settings(
        AWS_STORAGE_BUCKET_NAME="uploads", AWS_S3_ENDPOINT_URL="https://s3.example.net"
    ).startswith("'self' data: https://s3.example.net https://*.s3.example.net |")


def test_sign_in_forms_may_post_on_to_github_when_github_login_is_configured():
    assert probe_settings().endswith("| 'self'")
    assert probe_settings(GITHUB_CLIENT_ID="id", GITHUB_CLIENT_SECRET="secret").endswith(
        "| 'self' https://github.com"
    )


def test_a_write_up_shows_no_image_from_another_host(client, learner, mentor):
    # Markdown images from elsewhere become links (roadmap/markdown.py), so the CSP's
    # img-src never has to block a tracking pixel; it is the second wall should one slip by.
    project = Project.objects.get(track__slug=PROJECT[0], slug=PROJECT[1])
    submission = submission_create(
        user=learner,
        project=project,
        repository_url="https://x.org/r",
        write_up="![pixel](https://tracker.example/p.gif)",
    )
    client.force_login(mentor)

    body = client.get(reverse("review:submission", args=[submission.pk]), secure=True)

    assert 'src="https://tracker.example' not in body.content.decode()
    assert 'href="https://tracker.example/p.gif"' in body.content.decode()
