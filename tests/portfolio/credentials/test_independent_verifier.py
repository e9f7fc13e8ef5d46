"""A third party verifies credentials over HTTP, with other libraries than the issuer's, exactly
as docs/credentials.md says: from the JWT alone and the URLs written in it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from curriculum.models import Project
from portfolio.credentials.issue import credential_revoke
from portfolio.credentials.keys import signing_key_rotate
from portfolio.models import Credential
from tests.conftest import restore_migrated_data
from tests.curriculum.factories import import_small_track
from tests.factories import UserFactory
from tests.portfolio.credentials.conftest import approve, decode_segment, encode_segment
from tests.portfolio.credentials.independent_verifier import NotVerified, verify


@pytest.fixture
def site(live_server, settings, transactional_db):
    """The live server is the issuer: credentials name its URL."""
    restore_migrated_data()  # the flush after each live-server test takes the Mentors group
    cache.clear()
    settings.SITE_URL = live_server.url
    return live_server


@pytest.fixture
def people(site):
    mentor = UserFactory(username="mira")
    mentor.make_mentor()
    return UserFactory(username="lena", display_name="Lena Learner"), mentor


@pytest.fixture
def projects(site):
    track = import_small_track("tiny", (3,))
    return list(Project.objects.filter(track=track).order_by("position"))


def test_a_valid_credential_verifies(people, projects):
    learner, mentor = people
    [credential] = approve(learner, projects[0], mentor)

    claims = verify(credential.jwt)

    assert claims["id"] == credential.document["id"]
    assert claims["credentialSubject"]["achievement"]["name"] == "Project 1"


def test_a_revoked_credential_does_not_verify(people, projects):
    learner, mentor = people
    [credential] = approve(learner, projects[0], mentor)

    credential_revoke(credential=credential, by=mentor, reason="Plagiarised.")

    with pytest.raises(NotVerified, match=r"revoked: Plagiarised\."):
        verify(credential.jwt)


def test_an_expired_credential_does_not_verify(settings, people, projects):
    learner, mentor = people
    settings.CREDENTIAL_VALID_DAYS = 1
    [credential] = approve(learner, projects[0], mentor, now=timezone.now() - timedelta(days=2))

    with pytest.raises(NotVerified, match="ExpiredSignatureError"):
        verify(credential.jwt)


def test_credentials_signed_before_a_key_rotation_still_verify(people, projects):
    learner, mentor = people
    [before] = approve(learner, projects[0], mentor)

    new_key = signing_key_rotate()
    approve(learner, projects[1], mentor)
    after = Credential.objects.get(project=projects[1])

    assert after.signing_key == new_key != before.signing_key
    assert verify(before.jwt)["id"] == before.document["id"]
    assert verify(after.jwt)["id"] == after.document["id"]


def test_a_changed_payload_fails_the_signature(people, projects):
    learner, mentor = people
    [credential] = approve(learner, projects[0], mentor)
    header, payload, signature = credential.jwt.split(".")
    claims = decode_segment(payload)
    claims["credentialSubject"]["achievement"]["name"] = "Principal Engineer"
    forged = encode_segment(claims)

    with pytest.raises(NotVerified, match="InvalidSignatureError"):
        verify(f"{header}.{forged}.{signature}")


def test_a_key_from_elsewhere_is_refused(people, projects):
    """A forger signs with their own key and points `kid` at their own site."""
    learner, mentor = people
    [credential] = approve(learner, projects[0], mentor)
    _header, payload, signature = credential.jwt.split(".")
    fake = {"alg": "EdDSA", "typ": "JWT", "kid": "https://forger.example/key.json"}
    fake_header = encode_segment(fake)

    with pytest.raises(NotVerified, match="not published by the issuer"):
        verify(f"{fake_header}.{payload}.{signature}")
