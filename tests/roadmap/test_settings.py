import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_django(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="roadmap.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = start_django(DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_start_with_a_secret_key_when_debug_is_off():
    result = start_django(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="roadmap.example.com")

    assert result.returncode == 0, result.stderr


def test_development_starts_without_any_configuration():
    assert start_django().returncode == 0


def test_a_malformed_boolean_is_a_clear_error():
    result = start_django(DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_uploads_go_to_object_storage_when_a_bucket_is_configured():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "roadmap.settings"}
    environment |= {
        "AWS_STORAGE_BUCKET_NAME": "roadmap-uploads",
        "AWS_S3_ENDPOINT_URL": "http://s3",
    }
    probe = (
        "import django; django.setup(); from django.core.files.storage import storages;"
        "print(type(storages['default']).__name__, storages['default'].bucket_name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "roadmap-uploads"]
