"""Learner progress: ticking milestones, and where a learner stands on each project.

This is the read API of the learner's state for the other apps: the catalog's pages ask
`learner_track` (track page) and `learner_project` (project page), nothing else.

Progress on a project is the share of its live core milestones the learner ticked; stretch
goals are counted apart. Archived milestones keep their ticks but count for nothing. A
project's status is ProjectProgress's (see its state machine); no row means not started.
"""

import copy
import functools
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from curriculum.models import Level, Milestone, MilestoneKind, Project
from portfolio.models import (
    MilestoneCheck,
    ProjectEvent,
    ProjectProgress,
    ProjectStatus,
    ProjectTimeStats,
    Submission,
    TimeEntry,
    TrackStart,
)
from portfolio.review.queue import queue_places
from portfolio.schedule import Schedule, build_schedule
from portfolio.submissions import can_submit, submissions_of
from portfolio.timekeeping import TimeSummary, summarise_time

LIVE_CORE = Q(kind=MilestoneKind.CORE, archived_at__isnull=True)
LIVE_STRETCH = Q(kind=MilestoneKind.STRETCH, archived_at__isnull=True)


@dataclass(frozen=True)
class Progress:
    done: int = 0
    total: int = 0
    stretch_done: int = 0
    stretch_total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    def __add__(self, other: "Progress") -> "Progress":
        return Progress(
            self.done + other.done,
            self.total + other.total,
            self.stretch_done + other.stretch_done,
            self.stretch_total + other.stretch_total,
        )


@dataclass(frozen=True)
class ProjectState:
    """A learner's status and progress on one project."""

    status: ProjectStatus
    progress: Progress


@dataclass(frozen=True)
class LevelRow:
    """A level of a track page with its projects and the learner's progress over them (None
    when nobody is signed in)."""

    level: Level
    projects: list[Project]
    progress: Progress | None


@dataclass(frozen=True)
class LearnerTrack:
    """What the track page shows of the learner: their progress level by level, and the
    schedule when the track is a plan by week."""

    levels: list[LevelRow]
    schedule: Schedule | None
    states: dict[int, ProjectState] = field(default_factory=dict)


@dataclass(frozen=True)
class LearnerProject:
    """What the project page shows of the signed-in learner's work on it."""

    milestones: list[Milestone]
    state: ProjectState
    submissions: list[Submission]
    can_submit: bool
    time: TimeSummary


# -- writing -------------------------------------------------------------------------------


def milestone_set_done(*, user, milestone: Milestone, done: bool) -> None:
    """Tick or untick. The form sends the state it wants, not a toggle, so a double click, a
    second tab or a stale page lands on the same state instead of flipping it back.

    Either is activity on the project, which starts it. One transaction around both writes
    (without a savepoint: there is nothing to roll back to inside it)."""
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        if done:
            MilestoneCheck.objects.bulk_create(
                [MilestoneCheck(user=user, milestone=milestone, checked_at=now)],
                ignore_conflicts=True,
            )
        else:
            MilestoneCheck.objects.filter(user=user, milestone=milestone).delete()
        ProjectProgress.objects.record(
            user=user, project_id=milestone.project_id, event=ProjectEvent.ACTIVITY, now=now
        )


def project_start(*, user, project_id: int) -> None:
    """ "I'm building this": start the project (idempotent)."""
    ProjectProgress.objects.record(user=user, project_id=project_id, event=ProjectEvent.ACTIVITY)


# -- reading -------------------------------------------------------------------------------


def checked_by(user):
    """An expression that is true for milestones `user` ticked (use on Milestone querysets)."""
    return Exists(MilestoneCheck.objects.filter(user=user, milestone=OuterRef("pk")))


def project_state(user, project_id: int) -> ProjectState:
    """The learner's status and progress on a project with milestones, in one query: the
    project's live core and stretch milestones, which of them `user` ticked (through the
    unique index on (user, milestone): never other learners' ticks), and the learner's
    status.

    SQL written once rather than built by the ORM: every tick answers with it, and building
    the equivalent queryset (four filtered counts, a subquery) cost more than running it. The
    milestone rules are LIVE_CORE and LIVE_STRETCH's."""
    with connection.cursor() as cursor:
        cursor.execute(
            _PROJECT_STATE_SQL,
            {
                "user": user.pk,
                "project": project_id,
                "core": MilestoneKind.CORE,
                "stretch": MilestoneKind.STRETCH,
            },
        )
        total, done, stretch_total, stretch_done, status = cursor.fetchone()
    return ProjectState(
        ProjectStatus(status or ProjectStatus.NOT_STARTED),
        Progress(done, total, stretch_done, stretch_total),
    )


_PROJECT_STATE_SQL = f"""
    SELECT count(*) FILTER (WHERE m.kind = %(core)s),
           count(c.id) FILTER (WHERE m.kind = %(core)s),
           count(*) FILTER (WHERE m.kind = %(stretch)s),
           count(c.id) FILTER (WHERE m.kind = %(stretch)s),
           (SELECT status FROM {ProjectProgress._meta.db_table}
             WHERE user_id = %(user)s AND project_id = %(project)s)
      FROM {Milestone._meta.db_table} m
      LEFT JOIN {MilestoneCheck._meta.db_table} c
        ON c.milestone_id = m.id AND c.user_id = %(user)s
     WHERE m.project_id = %(project)s AND m.archived_at IS NULL
"""


def progress_from_milestones(milestones) -> Progress:
    """Progress from a project's live milestones carrying `is_done` (no query)."""
    core = [m for m in milestones if m.kind == MilestoneKind.CORE]
    stretch = [m for m in milestones if m.kind == MilestoneKind.STRETCH]
    return Progress(
        done=sum(m.is_done for m in core),
        total=len(core),
        stretch_done=sum(m.is_done for m in stretch),
        stretch_total=len(stretch),
    )


@functools.lru_cache(maxsize=4096)
def _state(status: str, done: int, total: int) -> ProjectState:
    """One shared (immutable) state per value: a track page has 127 of them, mostly alike."""
    return ProjectState(ProjectStatus(status), Progress(done=done, total=total))


def track_states(user, track) -> tuple[dict[int, str], dict[int, int]]:
    """({project id: status}, {project id: live core milestones ticked}) for the projects of
    `track`, in one statement that reads the learner's own ticks and progress rows (an index
    on user each). Written as SQL: the ORM took 1 to 1.5 ms to build each of the two queries
    it replaces, more than PostgreSQL takes to run both (the track page's biggest cost)."""
    tables = {
        "check": MilestoneCheck._meta.db_table,
        "milestone": Milestone._meta.db_table,
        "project": Project._meta.db_table,
        "progress": ProjectProgress._meta.db_table,
    }
    sql = """
        SELECT m.project_id, NULL, COUNT(*) FROM {check} c
        JOIN {milestone} m ON m.id = c.milestone_id
        JOIN {project} p ON p.id = m.project_id
        WHERE c.user_id = %s AND p.track_id = %s AND m.kind = %s AND m.archived_at IS NULL
        GROUP BY m.project_id
        UNION ALL
        SELECT s.project_id, s.status, 0 FROM {progress} s
        JOIN {project} p ON p.id = s.project_id
        WHERE s.user_id = %s AND p.track_id = %s
    """.format(**tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, track.pk, MilestoneKind.CORE.value, user.pk, track.pk])
        rows = cursor.fetchall()
    status = {project_id: value for project_id, value, _ in rows if value is not None}
    done = {project_id: count for project_id, value, count in rows if value is None}
    return status, done


def learner_track(user, track, grouped_levels, scheduled=None) -> LearnerTrack:
    """[(level, its projects)] → LevelRows with the learner's progress over each level, their
    state on each project (`states`), and the track's schedule (`scheduled`: the track's
    `Project.objects.scheduled`, asked for here when not given). The projects are not modified:
    the catalog's pages share them between requests. Queries when signed in: ticks and
    statuses of the track's projects; for a plan by week, the start day.
    Projects carry `milestone_count`, their live core milestones."""
    if scheduled is None:
        # `has_schedule` comes with the track when the page asked for it (with_schedule_flag).
        scheduled = (
            list(Project.objects.scheduled(track)) if getattr(track, "has_schedule", True) else []
        )
    if not user.is_authenticated:
        rows = [LevelRow(level, projects, None) for level, projects in grouped_levels]
        return LearnerTrack(rows, build_schedule(scheduled))
    status, done = track_states(user, track)
    states, rows = {}, []
    for level, projects in grouped_levels:
        for project in projects:
            states[project.pk] = _state(
                status.get(project.pk, ProjectStatus.NOT_STARTED.value),
                done.get(project.pk, 0),
                project.milestone_count,
            )
        total = Progress(
            done=sum(states[project.pk].progress.done for project in projects),
            total=sum(project.milestone_count for project in projects),
        )
        rows.append(LevelRow(level, projects, total))
    schedule = None
    if scheduled:
        start = TrackStart.objects.filter(user=user, track=track).first()
        schedule = build_schedule(
            scheduled,
            started_on=start.started_on if start else None,
            done=done,
        )
    return LearnerTrack(rows, schedule, states)


def project_rows(user, project) -> dict:
    """What the project page needs of the learner beside the catalog, in one statement over
    their own rows (SQL for the reason given at track_states): `status`, `done` (ids of the
    milestones they ticked), `minutes` logged, `submitted` (how many submissions) and the
    project's time range (`learners`, `low`, `high`: None without one)."""
    tables = {
        "check": MilestoneCheck._meta.db_table,
        "milestone": Milestone._meta.db_table,
        "progress": ProjectProgress._meta.db_table,
        "time": TimeEntry._meta.db_table,
        "stats": ProjectTimeStats._meta.db_table,
        "submission": Submission._meta.db_table,
    }
    sql = """
        SELECT 'tick', c.milestone_id, NULL, CAST(NULL AS integer), CAST(NULL AS integer)
        FROM {check} c
        JOIN {milestone} m ON m.id = c.milestone_id
        WHERE c.user_id = %s AND m.project_id = %s
        UNION ALL
        SELECT 'status', NULL, s.status, NULL, NULL FROM {progress} s
        WHERE s.user_id = %s AND s.project_id = %s
        UNION ALL
        SELECT 'minutes', SUM(t.minutes), NULL, NULL, NULL FROM {time} t
        WHERE t.user_id = %s AND t.project_id = %s
        UNION ALL
        SELECT 'submitted', COUNT(*), NULL, NULL, NULL FROM {submission} u
        WHERE u.user_id = %s AND u.project_id = %s
        UNION ALL
        SELECT 'range', r.learners, NULL, r.low_minutes, r.high_minutes FROM {stats} r
        WHERE r.project_id = %s
    """.format(**tables)
    mine = [user.pk, project.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, mine * 4 + [project.pk])
        rows = cursor.fetchall()
    found = {"status": None, "done": set(), "learners": None, "low": None, "high": None}
    for kind, number, text, low, high in rows:
        if kind == "tick":
            found["done"].add(number)
        elif kind == "status":
            found["status"] = text
        elif kind == "range":
            found |= {"learners": number, "low": low, "high": high}
        else:
            found[kind] = number or 0
    found["status"] = found["status"] or ProjectStatus.NOT_STARTED.value
    return found


def learner_project(user, project: Project, milestones: list) -> LearnerProject | None:
    """The signed-in learner's work on `project`: its live `milestones` (shared, so left
    as they are) as copies with `is_done`; None for an anonymous visitor. Queries: ticks,
    status, time logged, the project's time range and how many submissions, in one; when
    there are submissions, they with their reviews, and their screenshots; when one waits
    for a mentor, its `place` in the queue (two more)."""
    if not user.is_authenticated:
        return None
    rows = project_rows(user, project)
    milestones = [copy.copy(milestone) for milestone in milestones]
    for milestone in milestones:
        milestone.is_done = milestone.pk in rows["done"]
    state = ProjectState(ProjectStatus(rows["status"]), progress_from_milestones(milestones))
    # Most learners have not submitted this project: no query for what is not there.
    submissions = list(submissions_of(user, project)) if rows["submitted"] else []
    time = summarise_time(project, rows["minutes"], rows["learners"], rows["low"], rows["high"])
    places = queue_places(submissions)
    for submission in submissions:
        submission.place = places.get(submission.pk)
    return LearnerProject(milestones, state, submissions, can_submit(submissions), time)
