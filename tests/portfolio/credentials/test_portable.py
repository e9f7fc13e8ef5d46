"""The portable portfolio: JSON Resume (validated against its schema) and the credentials
bundle, each only ever the signed-in learner's own."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from jsonschema import Draft7Validator

from portfolio.credentials.issue import credential_revoke
from portfolio.models import Credential, RubricSignal
from tests.portfolio.credentials.conftest import SCHEMAS, SITE, approve

pytestmark = pytest.mark.django_db

RESUME_URL = reverse("portfolio:resume")
BUNDLE_URL = reverse("portfolio:credentials-bundle")


@pytest.fixture
def resume_schema():
    schema = json.loads((SCHEMAS / "json-resume-1.3.1.json").read_text())
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


@pytest.fixture
def profile(learner):
    learner.bio = "I build **small tools**."
    learner.github_username = "lena-codes"
    learner.portfolio_public = True
    learner.save()
    return learner


def test_the_resume_lists_approved_projects_with_dates_highlights_and_keywords(
    client, profile, mentor, converter, week_one, resume_schema
):
    approve(profile, converter, mentor, met=(RubricSignal.CLEAR_README, RubricSignal.DEPLOYMENT))
    approve(profile, week_one, mentor, met=())
    client.force_login(profile)

    response = client.get(RESUME_URL)

    assert response["Content-Disposition"].startswith('attachment; filename="roadmap-resume-')
    resume = json.loads(response.content)
    assert [error.message for error in resume_schema.iter_errors(resume)] == []
    assert resume["basics"] == {
        "name": "Lena Learner",
        "email": "lena@example.com",
        "summary": "I build small tools.",
        "url": f"{SITE}/u/lena/",
        "profiles": [
            {"network": "GitHub", "username": "lena-codes", "url": "https://github.com/lena-codes"}
        ],
    }
    by_name = {project["name"]: project for project in resume["projects"]}
    entry = by_name[converter.title]
    assert entry["url"] == "https://github.com/lena/markdown-html-converter"
    assert entry["highlights"] == [
        "Mentor review: Clear README",
        "Mentor review: Deployment instructions or live app",
    ]
    assert entry["keywords"] == [
        skill.name for skill in converter.skills.order_by("projectskill__position")
    ]
    assert entry["startDate"] <= entry["endDate"]
    assert by_name[week_one.title]["highlights"] == []
    certificates = {certificate["name"] for certificate in resume["certificates"]}
    assert certificates == set(Credential.objects.values_list("name", flat=True))
    assert len(certificates) == 3  # two projects, the level week one completes


def test_the_resume_of_a_learner_without_approved_work_is_valid_too(
    client, other_learner, resume_schema
):
    client.force_login(other_learner)

    resume = json.loads(client.get(RESUME_URL).content)

    assert [error.message for error in resume_schema.iter_errors(resume)] == []
    assert resume["projects"] == [] and resume["certificates"] == []
    assert "url" not in resume["basics"]  # no public portfolio to point at


def test_the_resume_is_only_ever_my_own(client, profile, other_learner, mentor, converter):
    approve(profile, converter, mentor)
    client.force_login(other_learner)

    resume = json.loads(client.get(RESUME_URL).content)

    assert resume["basics"]["name"] == "Otto Other"
    assert resume["projects"] == []


def test_revoked_credentials_leave_the_resume(client, learner, mentor, converter, site_admin):
    [credential] = approve(learner, converter, mentor)
    credential_revoke(credential=credential, by=site_admin, reason="Wrong person.")
    client.force_login(learner)

    assert json.loads(client.get(RESUME_URL).content)["certificates"] == []


def test_the_bundle_holds_every_credential_as_json_and_jwt(
    client, learner, mentor, week_one, converter, other_learner
):
    approve(learner, week_one, mentor)
    approve(learner, converter, mentor)
    approve(other_learner, converter, mentor)
    client.force_login(learner)

    response = client.get(BUNDLE_URL)

    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    index = json.loads(bundle.read("credentials.json"))
    mine = Credential.objects.filter(user=learner)
    assert {entry["id"] for entry in index} == {c.document["id"] for c in mine}
    for credential in mine:
        [entry] = [entry for entry in index if entry["id"] == credential.document["id"]]
        assert json.loads(bundle.read(entry["json"])) == credential.document
        assert bundle.read(entry["jwt"]).decode() == credential.jwt
    assert len(bundle.namelist()) == 2 * mine.count() + 1


def test_the_bundle_of_a_learner_without_credentials_is_an_empty_list(client, learner):
    client.force_login(learner)

    bundle = zipfile.ZipFile(io.BytesIO(client.get(BUNDLE_URL).content))

    assert bundle.namelist() == ["credentials.json"]
    assert json.loads(bundle.read("credentials.json")) == []


def test_exports_cost_the_same_queries_for_more_work(
    client, learner, mentor, converter, week_one, django_assert_max_num_queries
):
    approve(learner, week_one, mentor)
    client.force_login(learner)
    # session, user, approved work (submissions, screenshots, skills), start dates, credentials
    with django_assert_max_num_queries(7):
        client.get(RESUME_URL)
    approve(learner, converter, mentor)
    with django_assert_max_num_queries(7):
        client.get(RESUME_URL)
    with django_assert_max_num_queries(3):  # session, user, credentials
        client.get(BUNDLE_URL)


def test_the_public_portfolios_owner_finds_the_exports_there(client, profile, other_learner):
    url = reverse("portfolio-public:detail", args=[profile.username])
    client.force_login(profile)
    assert RESUME_URL in client.get(url).content.decode()

    client.force_login(other_learner)
    content = client.get(url).content.decode()
    assert RESUME_URL not in content and BUNDLE_URL not in content
