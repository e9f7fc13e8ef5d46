"""roadmap.media: an upload handed over by the way the deployment offers. Caddy sending the
file after the X-Accel-Redirect is tested for real in tests/deploy/test_proxy.py."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404

from roadmap.media import media_file_response

ROOT = Path(__file__).resolve().parents[2]
NAME = "screenshots/0a1b2c.png"


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "screenshots").mkdir()
    (tmp_path / NAME).write_bytes(b"\x89PNG picture")
    return tmp_path


def test_in_development_the_app_sends_the_file(stored, settings):
    settings.MEDIA_ACCEL_REDIRECT = False

    response = media_file_response(NAME)

    assert b"".join(response.streaming_content) == b"\x89PNG picture"
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, max-age=3600"


def test_behind_the_proxy_the_app_only_names_the_file(stored, settings):
    settings.MEDIA_ACCEL_REDIRECT = True

    response = media_file_response(NAME)

    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/{NAME}"
    assert response["Cache-Control"] == "private, max-age=3600"


def test_what_anyone_may_see_may_be_kept_by_shared_caches(stored, settings):
    for accel in (False, True):
        settings.MEDIA_ACCEL_REDIRECT = accel

        response = media_file_response(NAME, public=True)

        assert response["Cache-Control"] == "public, max-age=3600"


def test_a_missing_file_is_not_found(stored, settings):
    settings.MEDIA_ACCEL_REDIRECT = False

    with pytest.raises(Http404):
        media_file_response("screenshots/gone.png")


def test_a_name_outside_the_media_directory_is_refused(stored, settings):
    settings.MEDIA_ACCEL_REDIRECT = False

    with pytest.raises(SuspiciousFileOperation):
        media_file_response("../outside.png")


def test_with_object_storage_the_app_redirects_to_a_signed_url_that_expires():
    # Signing happens here, without a request to the storage.
    probe = (
        "import django; django.setup();"
        "from roadmap.media import media_file_response;"
        f"r = media_file_response({NAME!r}); print(r.status_code, r['Location']);"
        "print(r['Cache-Control'])"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "roadmap.settings",
        "AWS_STORAGE_BUCKET_NAME": "roadmap-uploads",
        "AWS_S3_ENDPOINT_URL": "http://s3.example.com",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    status, location, *cache_control = result.stdout.split()
    assert status == "302"
    assert location.startswith(f"http://s3.example.com/roadmap-uploads/{NAME}?")
    query = parse_qs(urlsplit(location).query)
    assert query["Signature"]
    assert abs(int(query["Expires"][0]) - (time.time() + 300)) < 30  # AWS_QUERYSTRING_EXPIRE
    # A browser that keeps the redirect follows it while the signature is still good.
    assert cache_control == ["private,", "max-age=150"]
