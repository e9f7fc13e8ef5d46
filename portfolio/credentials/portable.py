"""The portable portfolio: the learner's approved work as a JSON Resume, and every credential
they hold as one zip (each as its OpenBadgeCredential JSON and its signed VC-JWT)."""

import io
import json
import zipfile

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from portfolio.credentials.document import credential_url
from portfolio.credentials.issuer import site_url
from portfolio.models import Credential, ProjectProgress
from portfolio.public.work import approved_work
from roadmap.markdown import html_to_text

JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def _basics(user) -> dict:
    basics = {"name": user.name}
    if user.email:
        basics["email"] = user.email
    if user.bio:
        basics["summary"] = html_to_text(user.bio_html)
    if user.portfolio_public:
        basics["url"] = site_url(reverse("portfolio-public:detail", args=[user.username]))
    if user.github_username:
        basics["profiles"] = [
            {
                "network": "GitHub",
                "username": user.github_username,
                "url": f"https://github.com/{user.github_username}",
            }
        ]
    return basics


def _resume_project(submission, started_at) -> dict:
    project = submission.project
    entry = {
        "name": project.title,
        "description": project.what_you_build or f"A project of {project.track.title}.",
        "url": submission.repository_url,
        "endDate": submission.review.created_at.date().isoformat(),
        "highlights": [f"Mentor review: {label}" for label in submission.met_signals],
        "keywords": [skill.name for skill in project.skills.all()],
        "entity": project.track.title,
        "type": "application",
    }
    if started_at:
        entry["startDate"] = started_at.date().isoformat()
    return entry


def json_resume(user) -> dict:
    """JSON Resume (v1.0.0 schema): `basics`, `projects` (the approved work, with its dates,
    the rubric signals a mentor found met as highlights and its skills as keywords) and
    `certificates` (the credentials that are not revoked, each with its verification page).

    Queries: approved work (3), the learner's project start dates, their credentials."""
    work = approved_work(user)
    started = dict(
        ProjectProgress.objects.filter(user=user).values_list("project_id", "started_at")
    )
    projects = [
        _resume_project(submission, started.get(submission.project_id))
        for group in work.tracks
        for submission in group.submissions
    ]
    certificates = [
        {
            "name": credential.name,
            "date": credential.issued_at.date().isoformat(),
            "issuer": credential.document["issuer"]["name"],
            "url": credential_url(credential),
        }
        for credential in Credential.objects.unrevoked().filter(user=user).order_by("issued_at")
    ]
    return {
        "$schema": JSON_RESUME_SCHEMA,
        "basics": _basics(user),
        "projects": projects,
        "certificates": certificates,
        "meta": {"version": "v1.0.0", "lastModified": timezone.now().isoformat()},
    }


def credentials_bundle(user) -> bytes:
    """A zip with, for every credential of the user (revoked ones too: the zip is their
    record; credentials.json says which are revoked), `<name>.json` and `<name>.jwt`, and
    `credentials.json` listing them. One query."""
    buffer = io.BytesIO()
    index = []
    credentials = Credential.objects.filter(user=user).order_by("issued_at")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for credential in credentials:
            stem = f"{slugify(credential.name)[:60] or 'credential'}-{credential.pk}"
            bundle.writestr(
                f"{stem}.json", json.dumps(credential.document, indent=2, ensure_ascii=False)
            )
            bundle.writestr(f"{stem}.jwt", credential.jwt)
            index.append(
                {
                    "id": credential.document["id"],
                    "name": credential.name,
                    "issued": credential.document["validFrom"],
                    "revoked": credential.revoked_at is not None,
                    "verification_page": credential_url(credential),
                    "json": f"{stem}.json",
                    "jwt": f"{stem}.jwt",
                }
            )
        bundle.writestr("credentials.json", json.dumps(index, indent=2, ensure_ascii=False))
    return buffer.getvalue()
