"""The public verification page, the status list, the holder's list and downloads: valid,
revoked, expired or tampered, checked on every request; someone else's credential is a 404."""

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portfolio.credentials.issue import credential_revoke
from portfolio.models import Credential, CredentialKind
from tests.curriculum.factories import import_small_track
from tests.portfolio.credentials.conftest import (
    SITE,
    approve,
    credential_of,
    decode_segment,
    encode_segment,
)

pytestmark = pytest.mark.django_db


def verify_url(credential):
    return reverse("credentials:verify", args=[credential.pk])


def status_url(credential):
    return reverse("credentials:status", args=[credential.pk])


def test_anyone_sees_a_valid_credential_with_what_it_says(client, issued, converter):
    response = client.get(verify_url(issued))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<strong>Valid.</strong>" in content
    assert "does not expire" in content
    assert "Lena Learner earned an approved project" in content
    assert escape(converter.title) in content
    for skill in converter.skills.all():
        assert escape(skill.name) in content
    assert "Tests included" in content  # in the criteria and in the signals met
    assert issued.signing_key.name in content  # the key it was signed with
    # Only what the credential holds: not the holder's email, not the mentor's notes.
    assert issued.user.email not in content
    assert "private note" not in content and "private comment" not in content
    assert "Download signed JWT" not in content
    assert '<meta name="robots" content="noindex">' in content


def test_the_verification_page_costs_the_same_queries_whatever_the_credential(
    client, learner, mentor, django_assert_num_queries
):
    """A project credential (a few skills, one evidence) and a track credential (every skill
    of the track, every level as evidence) cost the same: the credential with its key."""
    track = import_small_track("tiny", (1, 3))
    for project in track.projects.order_by("level__position", "position"):
        approve(learner, project, mentor)
    small = Credential.objects.filter(user=learner, kind=CredentialKind.PROJECT).first()
    big = credential_of(learner, CredentialKind.TRACK)
    assert len(big.document["credentialSubject"]["achievement"]["alignment"]) > len(
        small.document["credentialSubject"]["achievement"]["alignment"]
    )

    for credential in (small, big):
        with django_assert_num_queries(1):  # the credential joined with its signing key
            assert client.get(verify_url(credential)).status_code == 200


def test_the_holder_may_share_it_on_linkedin_and_download_it(client, issued, learner):
    client.force_login(learner)

    response = client.get(verify_url(issued))

    content = response.content.decode()
    assert "Download signed JWT" in content
    linkedin = response.context["linkedin_url"]
    url = urlsplit(linkedin)
    params = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert (url.scheme, url.netloc, url.path) == ("https", "www.linkedin.com", "/profile/add")
    assert params == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Markdown → HTML Converter",
        "organizationName": "Roadmap",
        "issueYear": str(issued.issued_at.year),
        "issueMonth": str(issued.issued_at.month),
        "certUrl": issued.document["id"],
        "certId": str(issued.pk),
    }
    assert escape(linkedin) in content


def test_a_revoked_credential_says_so_with_the_reason_everywhere(client, issued, site_admin):
    assert credential_revoke(credential=issued, by=site_admin, reason="Copied from another repo.")

    page = client.get(verify_url(issued)).content.decode()
    status = client.get(status_url(issued)).json()

    assert "<strong>Revoked</strong>" in page
    assert "Reason: Copied from another repo." in page
    assert "Valid." not in page
    assert status["revokedCredential"] == [
        {
            "id": issued.document["id"],
            "revoked": True,
            "revocationReason": "Copied from another repo.",
        }
    ]


def test_the_status_list_of_a_valid_credential_is_empty(client, issued):
    response = client.get(status_url(issued))

    assert response.json() == {
        "id": f"{SITE}{status_url(issued)}",
        "issuer": issued.document["issuer"]["id"],
        "revokedCredential": [],
    }
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "no-cache" in response["Cache-Control"]


def test_a_second_revocation_keeps_the_first_reason(issued, site_admin):
    credential_revoke(credential=issued, by=site_admin, reason="First reason.")

    assert not credential_revoke(credential=issued, by=site_admin, reason="Second reason.")
    issued.refresh_from_db()
    assert issued.revocation_reason == "First reason."


def test_a_revocation_needs_a_reason(issued, site_admin):
    with pytest.raises(ValueError, match="needs a reason"):
        credential_revoke(credential=issued, by=site_admin, reason="   ")

    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_an_expired_credential_says_expired(client, settings, learner, mentor, converter):
    settings.CREDENTIAL_VALID_DAYS = 1
    approve(learner, converter, mentor, now=timezone.now() - timedelta(days=3))
    credential = credential_of(learner)

    content = client.get(verify_url(credential)).content.decode()

    assert "<strong>Expired</strong>" in content
    assert "Valid." not in content


def test_a_tampered_token_is_not_valid(client, issued):
    header, payload, signature = issued.jwt.split(".")
    forged = decode_segment(payload)
    forged["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    forged_payload = encode_segment(forged)
    Credential.objects.filter(pk=issued.pk).update(jwt=f"{header}.{forged_payload}.{signature}")

    content = client.get(verify_url(issued)).content.decode()

    assert "<strong>Not valid.</strong>" in content
    assert "Mallory" not in content


@pytest.mark.parametrize(
    "path", ["/credentials/00000000-0000-0000-0000-000000000000/", "/credentials/not-a-uuid/"]
)
def test_an_unknown_credential_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_the_holder_lists_their_credentials(client, issued, learner, site_admin):
    client.force_login(learner)

    response = client.get(reverse("credentials:list"))

    content = response.content.decode()
    assert escape(issued.name) in content
    assert "badge-success" in content
    assert reverse("credentials:download-jwt", args=[issued.pk]) in content
    assert "linkedin.com/profile/add" in content

    credential_revoke(credential=issued, by=site_admin, reason="Wrong learner.")
    content = client.get(reverse("credentials:list")).content.decode()
    assert "Revoked" in content and "linkedin.com/profile/add" not in content


def test_the_list_shows_only_my_credentials(client, issued, other_learner):
    client.force_login(other_learner)

    content = client.get(reverse("credentials:list")).content.decode()

    assert escape(issued.name) not in content
    assert "No credentials yet" in content


def test_the_list_costs_the_same_queries_for_many_credentials(
    client, learner, mentor, week_one, django_assert_num_queries
):
    client.force_login(learner)
    approve(learner, week_one, mentor)
    # session, user, the credentials
    with django_assert_num_queries(3):
        client.get(reverse("credentials:list"))
    track = import_small_track("tiny", (1, 3))
    for project in track.projects.all():
        approve(learner, project, mentor)
    with django_assert_num_queries(3):
        client.get(reverse("credentials:list"))


def test_the_holder_downloads_the_json_and_the_signed_jwt(client, issued, learner):
    client.force_login(learner)

    as_json = client.get(reverse("credentials:download-json", args=[issued.pk]))
    as_jwt = client.get(reverse("credentials:download-jwt", args=[issued.pk]))

    assert json.loads(as_json.content) == issued.document
    assert as_json["Content-Disposition"] == f'attachment; filename="credential-{issued.pk}.json"'
    assert as_jwt.content.decode() == issued.jwt
    assert as_jwt["Content-Type"] == "application/jwt"


@pytest.mark.parametrize("name", ["credentials:download-json", "credentials:download-jwt"])
def test_another_learner_cannot_download_my_credential(client, issued, other_learner, name):
    client.force_login(other_learner)

    assert client.get(reverse(name, args=[issued.pk])).status_code == 404


def test_downloads_and_the_list_need_a_sign_in(issued):
    anonymous = Client()

    for url in [
        reverse("credentials:list"),
        reverse("credentials:download-jwt", args=[issued.pk]),
        reverse("portfolio:resume"),
        reverse("portfolio:credentials-bundle"),
    ]:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_verification_page_answers_get_only(client, issued):
    assert client.post(verify_url(issued)).status_code == 405
