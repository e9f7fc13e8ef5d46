"""Credentials are issued the way the site issues them: a learner submits, a mentor claims
the submission and approves it through review_create."""

import base64
import json
import os
from pathlib import Path

import pytest

from curriculum.models import Project
from portfolio.models import Credential, CredentialKind, RubricSignal, Verdict
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create
from portfolio.submissions import submission_create

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = Path(__file__).resolve().parent / "schemas"
OB3_SCHEMA = Path(
    os.environ.get("OB3_SCHEMA_PATH")
    or ROOT.parent / "shared" / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)

# Every credential names this site's address; the tests pin it (make exports its own).
SITE = "http://roadmap.test"
MARKDOWN_CONVERTER = ("novice-to-principal", "markdown-html-converter")
# The end-of-year challenge is the only project of its level: approving it completes the level.
WEEK_ONE = ("expert-specialization", "the-expert-python-portfolio")


def project(track_slug, slug) -> Project:
    return Project.objects.select_related("track", "level").get(track__slug=track_slug, slug=slug)


def approve(learner, project, mentor, *, met=(RubricSignal.CLEAR_README,), now=None, **evidence):
    """Submit `project` as `learner` and have `mentor` approve it; the credentials issued."""
    evidence.setdefault("repository_url", f"https://github.com/{learner.username}/{project.slug}")
    submission = submission_create(user=learner, project=project, **evidence)
    assert submission_claim(submission_id=submission.pk, mentor=mentor)
    rubric = {
        signal.value: {"met": signal in met, "note": "a private note"} for signal in RubricSignal
    }
    review_create(
        submission=submission,
        reviewer=mentor,
        verdict=Verdict.APPROVE,
        comment="A private comment.",
        rubric=rubric,
        now=now,
    )
    return Credential.objects.filter(user=learner).select_related("signing_key")


def credential_of(learner, kind=CredentialKind.PROJECT) -> Credential:
    return Credential.objects.select_related("signing_key").get(user=learner, kind=kind)


def decode_segment(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def encode_segment(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def jwt_parts(token: str) -> tuple[dict, dict]:
    header, payload, _signature = token.split(".")
    return decode_segment(header), decode_segment(payload)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def converter():
    return project(*MARKDOWN_CONVERTER)


@pytest.fixture
def week_one():
    return project(*WEEK_ONE)


@pytest.fixture
def issued(learner, mentor, converter) -> Credential:
    approve(
        learner, converter, mentor, met=(RubricSignal.CLEAR_README, RubricSignal.TESTS_INCLUDED)
    )
    return credential_of(learner)
