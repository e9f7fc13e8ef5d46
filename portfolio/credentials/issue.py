"""Issuing credentials when a mentor approves a project, and revoking them.

`credentials_issue_on_approval` runs inside the review's transaction (see
portfolio.review.verdict): the approval and its credentials commit together or not at all,
so there is never an approved project without its credential, and no worker has to run for
the learner to see it. It costs a few queries and one Ed25519 signature (microseconds).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from curriculum.models import Milestone, MilestoneKind, Project, Skill
from portfolio.completion import completions
from portfolio.credentials import document
from portfolio.credentials.issuer import key_url, site_url
from portfolio.credentials.keys import private_key, signing_key_active
from portfolio.credentials.signing import jwt_sign, to_timestamp
from portfolio.models import Credential, CredentialKind, ProjectProgress, Review


def credentials_issue_on_approval(*, review: Review, now=None) -> list[Credential]:
    """The approved project's credential, and the level's and the track's when this approval
    completes them. Idempotent: an achievement that already has a live credential keeps it."""
    now = now or timezone.now()
    submission = review.submission
    user = submission.user
    project = Project.objects.select_related("track", "level").get(pk=submission.project_id)
    # Completion is judged from the learner's other approvals: lock the learner so that two
    # mentors approving their last two projects at once cannot both miss the completion.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    scope = {"user": user, "track": project.track}
    approved = Credential(
        kind=CredentialKind.PROJECT,
        project=project,
        level=project.level,
        submission=submission,
        **scope,
    )
    issued = [_issue(approved, lambda c: _project_parts(c, review=review), now=now)]
    done = completions(user, [project.track_id])
    if project.level_id in done.levels:
        level = Credential(kind=CredentialKind.LEVEL, level=project.level, **scope)
        issued.append(_issue(level, _level_parts, now=now))
    if project.track_id in done.tracks:
        track = Credential(kind=CredentialKind.TRACK, **scope)
        issued.append(_issue(track, _track_parts, now=now))
    return issued


def credential_revoke(*, credential: Credential, by, reason: str, now=None) -> bool:
    """Revoke with a reason (shown on the verification page and in the status list). False
    when it was revoked already: the first revocation and its reason stand."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A revocation needs a reason.")
    updated = Credential.objects.filter(pk=credential.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now(), revoked_by=by, revocation_reason=reason
    )
    return updated == 1


def _issue(credential: Credential, parts, *, now) -> Credential:
    # The achievement is the project, level or track named like the kind.
    achieved = {credential.kind: getattr(credential, credential.kind)}
    live = Credential.objects.unrevoked().filter(user=credential.user, kind=credential.kind)
    existing = live.filter(**achieved).first()
    if existing is not None:
        return existing
    credential.issued_at = now.replace(microsecond=0)
    if days := settings.CREDENTIAL_VALID_DAYS:
        credential.valid_until = credential.issued_at + timedelta(days=days)
    achievement, evidence, subject = parts(credential)
    credential.name = achievement["name"]
    credential.document = document.credential_document(
        credential, achievement=achievement, evidence=evidence, **subject
    )
    key = signing_key_active()
    credential.signing_key = key
    credential.jwt = jwt_sign(credential.document, key=private_key(key), kid=key_url(key))
    credential.save(force_insert=True)
    return credential


def _ordered_skills():
    return Prefetch("skills", queryset=Skill.objects.order_by("projectskill__position"))


def _distinct_skills(projects) -> list[Skill]:
    """The projects' skills in order of first appearance, each once."""
    return list({skill.pk: skill for p in projects for skill in p.skills.all()}.values())


def _project_parts(credential: Credential, *, review: Review):
    project, submission = credential.project, credential.submission
    skills = Skill.objects.filter(projectskill__project=project).order_by("projectskill__position")
    milestones = (
        Milestone.objects.active()
        .filter(project=project, kind=MilestoneKind.CORE)
        .order_by("position")
        .values_list("text", flat=True)
    )
    achievement = document.achievement(
        url=site_url(project.get_absolute_url()),
        kind="Assignment",
        name=project.title,
        description=project.what_you_build or f"A project of {project.track.title}.",
        criteria=document.project_criteria(milestones),
        skills=list(skills),
    )
    met = [label for label, met, _note in review.signals if met]
    narrative = (
        f"Approved by a mentor on {date_format(review.created_at, 'j F Y')} after "
        f"{submission.iteration} iteration{'s' if submission.iteration > 1 else ''}."
    )
    if met:
        narrative += f" Rubric signals met: {', '.join(met)}."
    subject = {"activityEndDate": to_timestamp(review.created_at), "narrative": narrative}
    started = ProjectProgress.objects.filter(user=credential.user, project=project)
    if started_at := started.values_list("started_at", flat=True).first():
        subject["activityStartDate"] = to_timestamp(started_at)
    return achievement, [_submission_evidence(credential)], subject


def _submission_evidence(credential: Credential) -> dict:
    """The approved submission: on the public portfolio when the learner has one, otherwise
    this credential's own page (their evidence stays as private as they keep it)."""
    user, submission = credential.user, credential.submission
    name = f"{credential.project.title}: approved submission, iteration {submission.iteration}"
    if not user.portfolio_public:
        return document.evidence_entry(
            url=document.credential_url(credential),
            name=name,
            narrative="Reviewed and approved by a mentor. The learner keeps it private.",
            genre="Project submission",
        )
    links = [f"Repository: {submission.repository_url}"]
    if submission.demo_url:
        links.append(f"Live demo: {submission.demo_url}")
    return document.evidence_entry(
        url=site_url(reverse("portfolio-public:detail", args=[user.username])),
        name=name,
        narrative="\n\n".join(links),
        genre="Project submission",
    )


def _earlier_credentials(credential: Credential, kind: str, **scope):
    earned = Credential.objects.unrevoked().filter(user=credential.user, kind=kind, **scope)
    return [
        document.evidence_entry(url=document.credential_url(c), name=c.name, genre="Open Badge")
        for c in earned.order_by("issued_at")
    ]


def _level_parts(credential: Credential):
    level, track = credential.level, credential.track
    projects = list(
        Project.objects.published()
        .filter(level=level)
        .order_by("position")
        .prefetch_related(_ordered_skills())
    )
    achievement = document.achievement(
        url=site_url(f"{track.get_absolute_url()}#level-{level.slug}"),
        kind="Badge",
        name=f"{level.heading} · {track.title}",
        description=f"Every project of {level.heading} in {track.title}, built and approved.",
        criteria=f"Every project of {level.heading} in the track {track.title} approved by a "
        "mentor after review of its evidence:\n\n"
        + document.bullet_list(project.title for project in projects),
        skills=_distinct_skills(projects),
    )
    evidence = _earlier_credentials(credential, CredentialKind.PROJECT, level=level)
    return achievement, evidence, {}


def _track_parts(credential: Credential):
    track = credential.track
    projects = list(
        Project.objects.published()
        .filter(track=track)
        .select_related("level")
        .order_by("level__position", "position")
        .prefetch_related(_ordered_skills())
    )
    levels = {project.level.heading: None for project in projects}
    achievement = document.achievement(
        url=site_url(track.get_absolute_url()),
        kind="CertificateOfCompletion",
        name=track.title,
        description=f"The whole track {track.title}: {len(projects)} projects, built and approved.",
        criteria=f"Every project of every level of the track {track.title} approved by a mentor "
        f"after review of its evidence:\n\n{document.bullet_list(levels)}",
        skills=_distinct_skills(projects),
    )
    evidence = _earlier_credentials(credential, CredentialKind.LEVEL, track=track)
    return achievement, evidence, {}
