"""Everything a learner gave Roadmap, in one zip that is written while it is sent: rows are
read in batches and screenshots in chunks, so neither the server's memory nor the first
byte's delay grows with the account.

Each JSON file holds one list; `SECTIONS` names them and the rows they are made of."""

import json
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.urls import reverse
from zipstream import ZIP_DEFLATED, ZIP_STORED, ZipStream

from portfolio.export import progress_rows
from portfolio.models import (
    CohortMembership,
    Credential,
    Message,
    Notification,
    ProjectProgress,
    Screenshot,
    Submission,
    TimeEntry,
    TrackReset,
)

BATCH = 500


def _profile(user):
    yield {
        "handle": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        "bio": user.bio,
        "github_username": user.github_username,
        "portfolio_public": user.portfolio_public,
        "joined": user.date_joined.isoformat(),
    }


def _projects(user):
    rows = ProjectProgress.objects.filter(user=user).select_related("project__track")
    for row in rows.iterator(BATCH):
        yield {
            "track": row.project.track.title,
            "project": row.project.title,
            "status": row.get_status_display(),
            "started_at": row.started_at.isoformat(),
            "last_activity_at": row.last_activity_at.isoformat(),
        }


def _submissions(user):
    rows = (
        Submission.objects.filter(user=user)
        .select_related("project__track", "review__reviewer")
        .prefetch_related("screenshots")
        .order_by("submitted_at", "pk")
    )
    for submission in rows.iterator(BATCH):
        review = getattr(submission, "review", None)  # None until a mentor reviewed it
        yield {
            "track": submission.project.track.title,
            "project": submission.project.title,
            "iteration": submission.iteration,
            "status": submission.get_status_display(),
            "submitted_at": submission.submitted_at.isoformat(),
            "repository_url": submission.repository_url,
            "demo_url": submission.demo_url,
            "write_up": submission.write_up,
            "screenshots": [
                screenshot_name(shot.pk, shot.submission_id, shot.image.name)
                for shot in submission.screenshots.all()
            ],
            "review": _review(review) if review else None,
        }


def _review(review):
    return {
        "reviewer": review.reviewer_name,
        "verdict": review.get_verdict_display(),
        "comment": review.comment,
        "rubric": [
            {"signal": label, "met": met, "note": note} for label, met, note in review.signals
        ],
        "reviewed_at": review.created_at.isoformat(),
    }


def _time_entries(user):
    rows = TimeEntry.objects.filter(user=user).select_related("project__track")
    for entry in rows.iterator(BATCH):
        yield {
            "project": entry.project.title,
            "day": entry.spent_on.isoformat(),
            "minutes": entry.minutes,
            "note": entry.note,
        }


def _cohorts(user):
    rows = CohortMembership.objects.filter(learner=user).select_related("cohort__track")
    for membership in rows.iterator(BATCH):
        yield {
            "cohort": membership.cohort.name,
            "track": membership.cohort.track.title,
            "joined_at": membership.joined_at.isoformat(),
            "left_at": membership.left_at and membership.left_at.isoformat(),
        }


def _restarts(user):
    for reset in TrackReset.objects.filter(user=user).select_related("track").iterator(BATCH):
        yield {"track": reset.track.title, "started_again_at": reset.reset_at.isoformat()}


def _credentials(user):
    for credential in Credential.objects.filter(user=user).iterator(BATCH):
        yield {
            "name": credential.name,
            "kind": credential.get_kind_display(),
            "issued_at": credential.issued_at.isoformat(),
            "revoked_at": credential.revoked_at and credential.revoked_at.isoformat(),
            "verify": reverse("credentials:verify", args=[credential.pk]),
            "jwt": credential.jwt,
        }


def _messages(user):
    """The conversations about the learner's submissions: their words and their mentors'."""
    rows = Message.objects.filter(submission__user=user).select_related("author")
    for message in rows.iterator(BATCH):
        yield {
            "submission": message.submission_id,
            "author": message.author.name if message.author else "a former member",
            "kind": message.get_kind_display(),
            "body": message.body,
            "at": message.created_at.isoformat(),
        }


def _notifications(user):
    for notice in Notification.objects.filter(user=user).iterator(BATCH):
        yield {"message": notice.message, "created_at": notice.created_at.isoformat()}


SECTIONS = {
    "profile.json": _profile,
    "milestones.json": progress_rows,
    "projects.json": _projects,
    "submissions.json": _submissions,
    "time_entries.json": _time_entries,
    "cohorts.json": _cohorts,
    "started_again.json": _restarts,
    "credentials.json": _credentials,
    "messages.json": _messages,
    "notifications.json": _notifications,
}


def screenshot_name(pk, submission_id, stored_name) -> str:
    suffix = PurePosixPath(stored_name).suffix
    return f"screenshots/submission-{submission_id or 'unsent'}-{pk}{suffix}"


def _json_list(rows):
    """A JSON list written one row at a time."""
    yield b"[\n"
    for number, row in enumerate(rows):
        yield (b",\n" if number else b"") + json.dumps(row, ensure_ascii=False, indent=1).encode()
    yield b"\n]\n"


def _file_chunks(name):
    with default_storage.open(name, "rb") as file:
        yield from file.chunks()


def account_export(user) -> ZipStream:
    """The zip of `user`'s data; nothing is read until the zip is iterated."""
    archive = ZipStream(compress_type=ZIP_DEFLATED)
    for filename, rows in SECTIONS.items():
        archive.add(_json_list(rows(user)), filename)
    shots = Screenshot.objects.filter(owner=user).values_list("pk", "submission_id", "image")
    for pk, submission_id, stored_name in shots:
        # Images are compressed already: stored as they are.
        archive.add(
            _file_chunks(stored_name),
            screenshot_name(pk, submission_id, stored_name),
            compress_type=ZIP_STORED,
        )
    return archive
