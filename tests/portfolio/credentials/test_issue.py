"""Issuing: an approved project, a completed level and a completed track each get an Open Badges
3.0 credential, signed as a VC-JWT, with what the spec and its schema ask for."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from curriculum.models import Milestone, MilestoneKind, Project
from portfolio.attempts import track_reset
from portfolio.credentials.issue import credentials_issue_on_approval
from portfolio.models import Credential, CredentialKind, Review, RubricSignal, Verdict
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create
from portfolio.submissions import submission_create
from tests.curriculum.factories import import_small_track
from tests.portfolio.credentials.conftest import (
    OB3_SCHEMA,
    SITE,
    WEEK_ONE,
    approve,
    credential_of,
    jwt_parts,
    project,
)

pytestmark = pytest.mark.django_db


def test_approval_issues_an_open_badge_credential_for_the_project(issued, learner, converter):
    document = issued.document

    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == f"{SITE}/credentials/{issued.pk}/"
    assert document["issuer"] == {
        "id": f"{SITE}/credentials/issuer/",
        "type": ["Profile"],
        "name": "Roadmap",
        "url": f"{SITE}/",
        "description": document["issuer"]["description"],
    }
    assert document["validFrom"] == issued.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "validUntil" not in document
    assert document["credentialStatus"] == {
        "id": f"{SITE}/credentials/{issued.pk}/status",
        "type": "1EdTechRevocationList",
    }
    subject = document["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["id"].startswith("urn:uuid:")
    assert subject["narrative"].endswith("Rubric signals met: Clear README, Tests included.")
    achievement = subject["achievement"]
    assert achievement["id"] == f"{SITE}/tracks/novice-to-principal/markdown-html-converter/"
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Markdown → HTML Converter" == issued.name
    assert achievement["description"] == converter.what_you_build


def test_criteria_list_the_milestones_and_the_five_rubric_signals(issued, converter):
    narrative = issued.document["credentialSubject"]["achievement"]["criteria"]["narrative"]

    core = Milestone.objects.active().filter(project=converter, kind=MilestoneKind.CORE)
    assert core.exists()
    for milestone in core:
        assert f"- {milestone.text}\n" in narrative
    for signal in RubricSignal:
        assert f"- {signal.label}" in narrative
    stretch = Milestone.objects.active().filter(project=converter, kind=MilestoneKind.STRETCH)
    assert all(milestone.text not in narrative for milestone in stretch)


def test_skills_are_alignments_in_the_projects_order(issued, converter):
    alignments = issued.document["credentialSubject"]["achievement"]["alignment"]
    skills = list(converter.skills.order_by("projectskill__position"))

    assert skills
    assert [a["targetName"] for a in alignments] == [skill.name for skill in skills]
    assert [a["targetUrl"] for a in alignments] == [f"{SITE}/skills/{s.slug}/" for s in skills]
    assert {a["targetType"] for a in alignments} == {"ceasn:Competency"}
    assert {tuple(a["type"]) for a in alignments} == {("Alignment",)}


def test_evidence_is_the_credentials_own_page_while_the_portfolio_is_private(issued):
    [evidence] = issued.document["evidence"]

    assert evidence["id"] == issued.document["id"]
    assert "github.com" not in json.dumps(issued.document)


def test_evidence_is_the_public_portfolio_with_the_repository_once_it_is_public(
    learner, mentor, converter
):
    learner.portfolio_public = True
    learner.save(update_fields=["portfolio_public"])

    approve(learner, converter, mentor, demo_url="https://md.example.org")
    [evidence] = credential_of(learner).document["evidence"]

    assert evidence["id"] == f"{SITE}/u/lena/"
    assert "Repository: https://github.com/lena/markdown-html-converter" in evidence["narrative"]
    assert "Live demo: https://md.example.org" in evidence["narrative"]


def test_the_holder_is_named_and_their_email_only_hashed(issued, learner):
    identifiers = issued.document["credentialSubject"]["identifier"]
    text = json.dumps(issued.document)

    name, email = identifiers
    assert name == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "Lena Learner",
    }
    assert email["identityType"] == "emailAddress" and email["hashed"] is True
    assert learner.email not in text
    expected = hashlib.sha256(f"{learner.email}{email['salt']}".encode()).hexdigest()
    assert email["identityHash"] == f"sha256${expected}"
    assert "private note" not in text and "private comment" not in text


def test_the_jwt_carries_the_credential_with_the_claims_ob3_maps(issued):
    header, payload = jwt_parts(issued.jwt)

    assert header == {
        "alg": "EdDSA",
        "typ": "JWT",
        "kid": f"{SITE}/credentials/issuer/keys/{issued.signing_key.name}/",
    }
    document = issued.document
    assert payload["iss"] == document["issuer"]["id"]
    assert payload["jti"] == document["id"]
    assert payload["sub"] == document["credentialSubject"]["id"]
    assert payload["nbf"] == int(issued.issued_at.timestamp())
    assert "exp" not in payload
    assert {k: v for k, v in payload.items() if k not in {"iss", "jti", "sub", "nbf"}} == document


def test_credentials_expire_when_the_site_says_so(settings, learner, mentor, converter):
    settings.CREDENTIAL_VALID_DAYS = 365

    approve(learner, converter, mentor)
    credential = credential_of(learner)
    _header, payload = jwt_parts(credential.jwt)

    assert credential.valid_until == credential.issued_at + timedelta(days=365)
    assert credential.document["validUntil"] == credential.valid_until.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert payload["exp"] == int(credential.valid_until.timestamp())


def test_the_credential_validates_against_the_ob3_json_schema(issued, learner, mentor, week_one):
    if not OB3_SCHEMA.exists():
        pytest.skip(f"The OB 3.0 JSON schema is not at {OB3_SCHEMA} (see schemas/README.md).")
    from jsonschema import Draft201909Validator

    validator = Draft201909Validator(json.loads(OB3_SCHEMA.read_text()))
    approve(learner, week_one, mentor)  # a project and the level it completes

    for credential in Credential.objects.filter(user=learner):
        errors = [error.message for error in validator.iter_errors(credential.document)]
        assert errors == [], credential.name
    assert Credential.objects.filter(user=learner).count() == 3


def test_requesting_changes_issues_nothing(learner, mentor, converter):
    submission = submission_create(user=learner, project=converter, repository_url="https://x.y/z")
    submission_claim(submission_id=submission.pk, mentor=mentor)

    review_create(
        submission=submission,
        reviewer=mentor,
        verdict=Verdict.REQUEST_CHANGES,
        comment="Add tests.",
        rubric={},
    )

    assert not Credential.objects.exists()


def test_approving_the_last_project_of_a_level_issues_the_levels_credential(
    learner, mentor, week_one
):
    approve(learner, week_one, mentor)

    level = credential_of(learner, CredentialKind.LEVEL)
    project = credential_of(learner, CredentialKind.PROJECT)
    achievement = level.document["credentialSubject"]["achievement"]
    assert level.level == week_one.level and level.project is None
    track = week_one.track
    assert achievement["id"] == f"{SITE}/tracks/{track.slug}/#level-{week_one.level.slug}"
    assert achievement["name"] == f"{week_one.level.heading} · {track.title}"
    assert f"- {week_one.title}" in achievement["criteria"]["narrative"]
    assert level.document["evidence"] == [
        {"id": project.document["id"], "type": ["Evidence"], "name": project.name,
         "genre": "Open Badge"}
    ]  # fmt: skip
    assert not Credential.objects.filter(kind=CredentialKind.TRACK).exists()


def test_a_level_with_a_project_left_gets_no_credential(learner, mentor, converter):
    approve(learner, converter, mentor)

    assert list(Credential.objects.values_list("kind", flat=True)) == [CredentialKind.PROJECT]


def test_approving_the_last_project_of_a_track_completes_level_and_track(learner, mentor):
    track = import_small_track("tiny", (1, 2))
    first, second, third = Project.objects.filter(track=track).order_by(
        "level__position", "position"
    )

    approve(learner, first, mentor)  # completes level 1
    approve(learner, second, mentor)
    assert not Credential.objects.filter(kind=CredentialKind.TRACK).exists()
    approve(learner, third, mentor)  # completes level 2 and the track

    kinds = Credential.objects.filter(user=learner).values_list("kind", flat=True)
    assert sorted(kinds) == ["level", "level", "project", "project", "project", "track"]
    track_credential = credential_of(learner, CredentialKind.TRACK)
    achievement = track_credential.document["credentialSubject"]["achievement"]
    assert achievement["id"] == f"{SITE}/tracks/tiny/"
    assert achievement["achievementType"] == "CertificateOfCompletion"
    # Every skill of the track once, in order of first appearance.
    assert [a["targetName"] for a in achievement["alignment"]] == [
        "skill 1", "shared skill", "skill 2", "skill 3",
    ]  # fmt: skip
    levels = Credential.objects.filter(user=learner, kind=CredentialKind.LEVEL)
    assert {e["id"] for e in track_credential.document["evidence"]} == {
        c.document["id"] for c in levels
    }


def test_issuing_again_for_the_same_approval_keeps_the_credentials(learner, mentor, week_one):
    approve(learner, week_one, mentor)
    before = set(Credential.objects.values_list("pk", flat=True))
    review = Review.objects.get(submission__user=learner)

    again = credentials_issue_on_approval(review=review)

    assert {credential.pk for credential in again} == before
    assert set(Credential.objects.values_list("pk", flat=True)) == before


def test_an_unreadable_signing_key_fails_the_approval_whole(settings, learner, mentor, converter):
    approve(learner, mentor=mentor, project=project(*WEEK_ONE))
    settings.SECRET_KEY = "a-new-secret-key-without-the-old-one-as-fallback"
    submission = submission_create(user=learner, project=converter, repository_url="https://x.y/z")
    submission_claim(submission_id=submission.pk, mentor=mentor)

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FALLBACKS"):
        review_create(
            submission=submission, reviewer=mentor, verdict=Verdict.APPROVE, comment="", rubric={}
        )

    submission.refresh_from_db()
    assert submission.status == "in_review"
    assert not Review.objects.filter(submission=submission).exists()
    assert not Credential.objects.filter(project=converter).exists()


def test_an_old_secret_key_in_the_fallbacks_still_signs(settings, learner, mentor, converter):
    approve(learner, mentor=mentor, project=project(*WEEK_ONE))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key"

    approve(learner, converter, mentor, now=timezone.now())

    assert Credential.objects.filter(project=converter).exists()


def test_starting_the_track_again_keeps_the_credentials_and_reapproval_reuses_them(
    client, learner, mentor, week_one
):
    approve(learner, week_one, mentor)
    before = {c.pk: c.jwt for c in Credential.objects.filter(user=learner)}

    track_reset(user=learner, track=week_one.track)
    approve(learner, week_one, mentor)

    assert {c.pk: c.jwt for c in Credential.objects.filter(user=learner)} == before
    for pk in before:
        page = client.get(f"/credentials/{pk}/").content.decode()
        assert "<strong>Valid.</strong>" in page
