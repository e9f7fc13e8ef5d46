"""Finished work: approved projects, completed levels and tracks, and the moment the learner
hears of them.

A level is complete for a learner when every published project of it is approved for them;
a track when every one of its levels (with published projects) is.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from curriculum.models import Level, Project, Track
from portfolio.models import (
    Credential,
    CredentialKind,
    ProjectProgress,
    ProjectStatus,
    Submission,
    SubmissionStatus,
    TimeEntry,
)


def completed_work(user) -> list[Submission]:
    """The learner's approved projects, latest approval first: the approved iteration with
    its project, review and reviewer, `iterations` (how many it took), `minutes` (the time
    the learner logged on it) and `credential_id` (its unrevoked credential), in one query."""
    iterations = (
        Submission.objects.filter(user=OuterRef("user"), project=OuterRef("project"))
        .exclude(status=SubmissionStatus.WITHDRAWN)
        .values("project")
        .annotate(count=Count("pk"))
        .values("count")
    )
    minutes = (
        TimeEntry.objects.filter(user=OuterRef("user"), project=OuterRef("project"))
        .values("project")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    credential = Credential.objects.filter(
        submission=OuterRef("pk"), kind=CredentialKind.PROJECT, revoked_at__isnull=True
    ).values("pk")[:1]
    return list(
        Submission.objects.filter(user=user, project__in=Project.objects.published())
        .latest_approved()
        .select_related("project__track", "project__level", "review__reviewer")
        .annotate(
            iterations=Subquery(iterations),
            minutes=Subquery(minutes),
            credential_id=Subquery(credential),
        )
        .order_by("-review__created_at", "-pk")
    )


def _approved(user):
    return Exists(
        ProjectProgress.objects.filter(
            user=user, project=OuterRef("pk"), status=ProjectStatus.APPROVED
        )
    )


@dataclass(frozen=True)
class Completions:
    levels: frozenset[int]  # ids of the levels the learner completed
    tracks: frozenset[int]


def completions(user, tracks) -> Completions:
    """What the learner completed in `tracks` (one query: published projects per level,
    and how many of them are approved for the learner)."""
    rows = (
        Project.objects.published()
        .filter(track__in=tracks)
        .values_list("track", "level")
        .annotate(total=Count("pk"), approved=Count("pk", filter=Q(_approved(user))))
    )
    levels, levels_of_track = set(), {}
    for track, level, total, approved in rows:
        levels_of_track.setdefault(track, set()).add(level)
        if total == approved:
            levels.add(level)
    tracks_done = {track for track, its_levels in levels_of_track.items() if its_levels <= levels}
    return Completions(frozenset(levels), frozenset(tracks_done))


@dataclass
class Celebration:
    project: Project
    levels: list[Level] = field(default_factory=list)  # completed with this project
    tracks: list[Track] = field(default_factory=list)


def celebrations_take(user) -> list[Celebration]:
    """Approvals the learner has not been shown yet, with the levels and tracks they
    complete; marks them shown, so each is celebrated once (two tabs opened at the same
    moment may both celebrate: no harm, and no lock on every dashboard load)."""
    pending = list(
        ProjectProgress.objects.filter(
            user=user, status=ProjectStatus.APPROVED, celebrated_at__isnull=True
        )
        .filter(project__in=Project.objects.published())
        .select_related("project__level", "project__track")
    )
    if not pending:
        return []
    done = completions(user, {row.project.track_id for row in pending})
    ProjectProgress.objects.filter(pk__in=[row.pk for row in pending]).update(
        celebrated_at=timezone.now()
    )
    celebrations, told = [], set()
    for row in pending:
        project = row.project
        celebration = Celebration(project)
        if project.level_id in done.levels and project.level_id not in told:
            celebration.levels.append(project.level)
            told.add(project.level_id)
        if project.track_id in done.tracks and ("track", project.track_id) not in told:
            celebration.tracks.append(project.track)
            told.add(("track", project.track_id))
        celebrations.append(celebration)
    return celebrations
