"""What the dashboard shows: projects in progress, progress per level, the next project to
build and why, and the learner's activity. Every function costs a fixed number of queries,
whatever the number of projects."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR

from curriculum.models import Level, Milestone, Project, ProjectSkill, Skill
from portfolio.models import (
    EarlierTick,
    MilestoneCheck,
    ProjectProgress,
    ProjectStatus,
    Submission,
)
from portfolio.progress import LIVE_CORE, Progress, checked_by
from portfolio.review.queue import OPEN, live_claimant, queue_places

CALENDAR_WEEKS = 52


@dataclass(frozen=True)
class NextMilestone:
    pk: int
    text: str


# What an in-progress card shows of its row, project, track and level (and what the next
# project's suggestion asks of the first one): 120 rows of four models with every column
# were most of the cost of reading them.
CARD_FIELDS = [
    "project",
    "status",
    "last_activity_at",
    *(f"project__{field}" for field in ("title", "slug", "track", "level")),
    *(f"project__track__{field}" for field in ("title", "slug")),
    *(f"project__level__{field}" for field in ("label", "title", "position")),
]


# The dashboard shows the most recently active projects in progress; all of them are on their
# own page, by pages. A dashboard of 120 cards was 114 KB that nobody reads down to the end,
# and 60 % of its cost.
DASHBOARD_IN_PROGRESS = 6
IN_PROGRESS_PER_PAGE = 24


def in_progress_rows(user):
    """The learner's started projects that are not approved yet, most recent activity first
    (an index on user: never other learners' rows)."""
    return (
        ProjectProgress.objects.filter(user=user)
        .exclude(status=ProjectStatus.APPROVED)
        .filter(project__in=Project.objects.published())
        .select_related("project__track", "project__level")
        .only(*CARD_FIELDS)
        .order_by("-last_activity_at", "-pk")
    )


def projects_in_progress(user, rows=None):
    """`rows` of in_progress_rows (all of them when not given), each with `.progress` and
    `.next_milestone`: one query more, the milestones of those projects with an index lookup
    each for the learner's tick (never other learners' ticks), read as tuples."""
    rows = list(in_progress_rows(user) if rows is None else rows)
    milestones = (
        Milestone.objects.filter(LIVE_CORE, project__in=[row.project_id for row in rows])
        .annotate(is_done=checked_by(user))
        .order_by("project_id", "position")
        .values_list("project_id", "pk", "text", "is_done")
    )
    per_project: dict[int, list] = {}
    for project_id, pk, text, is_done in milestones:
        per_project.setdefault(project_id, []).append((pk, text, is_done))
    for row in rows:
        core = per_project.get(row.project_id, [])
        row.progress = Progress(done=sum(done for *_, done in core), total=len(core))
        row.next_milestone = next(
            (NextMilestone(pk, text) for pk, text, done in core if not done), None
        )
    return rows


def recent_projects_in_progress(user) -> tuple[list, int]:
    """The DASHBOARD_IN_PROGRESS most recently active projects in progress (as
    projects_in_progress gives them), and how many there are in all (counted by the same
    query: the dashboard's queries do not depend on how many there are)."""
    recent = in_progress_rows(user).annotate(in_all=Window(Count("pk")))
    rows = projects_in_progress(user, recent[:DASHBOARD_IN_PROGRESS])
    return rows, rows[0].in_all if rows else 0


def in_progress_page(user, page_number):
    """One page of the learner's projects in progress, the rows as projects_in_progress gives
    them."""
    page = Paginator(in_progress_rows(user), IN_PROGRESS_PER_PAGE).get_page(page_number)
    page.object_list = projects_in_progress(user, page.object_list)
    return page


def submissions_in_review(user):
    """The learner's submissions waiting for or in review, and reviewed ones whose
    conversation is still open; newest first, each with its `place` in the queue when it
    waits and its live `claimant`. One query, two more when one waits."""
    rows = list(
        Submission.objects.filter(user=user)
        .filter(Q(status__in=OPEN) | Q(review__isnull=False, conversation_closed_at__isnull=True))
        .select_related("project__track", "claimed_by", "review")
        .order_by("-submitted_at")
    )
    places = queue_places(rows)
    for row in rows:
        row.place = places.get(row.pk)
        row.claimant = live_claimant(row)
    return rows


def level_progress(user):
    """[(track, [(level, Progress)])] for every track the learner started a project in."""
    tracks_started = ProjectProgress.objects.filter(user=user).values("project__track")
    counts = (
        Milestone.objects.filter(LIVE_CORE, project__in=Project.objects.published())
        .filter(project__track__in=tracks_started)
        .values_list("project__level_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(checked_by(user))))
    )
    by_level = {level_id: Progress(done=done, total=total) for level_id, total, done in counts}
    levels = (
        Level.objects.filter(pk__in=by_level)
        .select_related("track")
        .order_by("track__position", "position")
    )
    grouped: dict = {}
    for level in levels:
        grouped.setdefault(level.track, []).append((level, by_level[level.pk]))
    return list(grouped.items())


def practised_skills(user) -> Counter:
    """{skill id: how many projects with a ticked milestone practise it}."""
    rows = (
        ProjectSkill.objects.filter(
            Exists(MilestoneCheck.objects.filter(user=user, milestone__project=OuterRef("project")))
        )
        .values_list("skill_id")
        .annotate(projects=Count("project", distinct=True))
    )
    return Counter(dict(rows))


@dataclass(frozen=True)
class Suggestion:
    project: Project
    reason: str


def suggest_next_project(user, current_project: Project | None) -> Suggestion | None:
    """The next project to build: among the unstarted projects of the learner's current level
    (the first later level that has some), the one whose skills they practised least."""
    started = ProjectProgress.objects.filter(user=user).values("project")
    candidates = Project.objects.published().exclude(pk__in=started).select_related("track")
    if current_project is None:
        first = candidates.in_catalog_order().first()
        return first and Suggestion(first, "a good first project: the start of the first track")
    candidates = list(
        candidates.filter(
            track=current_project.track,
            level__position__gte=current_project.level.position,
        )
        .prefetch_related("skills")
        .order_by("level__position", "position")
    )
    if not candidates:
        return None
    lowest_level = candidates[0].level_id
    candidates = [project for project in candidates if project.level_id == lowest_level]
    practised = practised_skills(user)

    def practice(project):
        skills = project.skills.all()
        return sum(practised[skill.pk] for skill in skills) / len(skills) if skills else 0

    best = min(candidates, key=practice)  # min keeps the first (source order) on ties
    new_skills = [skill.name for skill in best.skills.all() if not practised[skill.pk]]
    if new_skills:
        reason = f"because you haven’t practised: {', '.join(new_skills[:4])}"
    elif best.skills.all():
        least = min(best.skills.all(), key=lambda skill: practised[skill.pk])
        reason = f"because it practises {least.name}, which you’ve practised least"
    else:
        reason = "because it is next in your current level"
    return Suggestion(best, reason)


@dataclass(frozen=True)
class Activity:
    weeks: list  # CALENDAR_WEEKS columns of 7 (date, count) cells, Monday first
    streak: int
    active_days: int
    total: int

    @property
    def calendar(self) -> list[list[tuple[int, str]]]:
        """The weeks as the page draws them: (shade 0-3, "2 on Mon 3 Mar 2025") per day.
        Formatted here with the month and day names translated once, not through the `date`
        filter 364 times (a fifth of the dashboard's rendering)."""
        days = [str(name) for name in WEEKDAYS_ABBR.values()]
        months = {number: str(name).title() for number, name in MONTHS_3.items()}
        return [
            [
                (
                    _shade(count),
                    f"{count} on {days[day.weekday()]} {day.day} {months[day.month]} {day.year}",
                )
                for day, count in week
            ]
            for week in self.weeks
        ]


def _shade(count: int) -> int:
    return 0 if count == 0 else 1 if count < 2 else 2 if count < 4 else 3


TICKS = (MilestoneCheck, EarlierTick)


def _per_day(ticks, start):
    return (
        ticks.filter(checked_at__date__gte=start)
        .annotate(day=TruncDate("checked_at"))
        .values_list("day")
        .annotate(count=Count("pk"))
    )


def activity(user, today: date | None = None) -> Activity:
    """Milestones ticked per day over the last 52 weeks, and the current streak of active
    days (ending today, or yesterday when today has no activity yet)."""
    today = today or timezone.localdate()
    start = today - timedelta(days=today.weekday(), weeks=CALENDAR_WEEKS - 1)
    # Earlier attempts' ticks (set aside when a track started again) still count: the work
    # was done on those days. One query for both.
    per_day: Counter = Counter()
    ticks, earlier = (_per_day(model.objects.filter(user=user), start) for model in TICKS)
    for day, count in ticks.union(earlier, all=True):
        per_day[day] += count
    weeks = [
        [
            (day, per_day.get(day, 0))
            for day in (start + timedelta(weeks=w, days=d) for d in range(7))
        ]
        for w in range(CALENDAR_WEEKS)
    ]
    streak, day = 0, today if per_day.get(today) else today - timedelta(days=1)
    while per_day.get(day):
        streak, day = streak + 1, day - timedelta(days=1)
    return Activity(weeks, streak, active_days=len(per_day), total=sum(per_day.values()))


@dataclass(frozen=True)
class LevelSkills:
    level: Level
    practised: list
    not_yet: list

    @property
    def total(self) -> int:
        return len(self.practised) + len(self.not_yet)


@dataclass(frozen=True)
class SkillLink:
    """What the coverage page shows of a skill (a Skill instance each cost ten times more)."""

    pk: int
    name: str
    slug: str

    get_absolute_url = Skill.get_absolute_url


def skill_coverage(user):
    """[(track, [LevelSkills])] for the tracks the learner started, in four queries: the
    skills practised, the skill tags of those tracks' published projects as tuples (476 of
    them for 120 projects), and their levels with their tracks."""
    practised = practised_skills(user)
    tracks_started = ProjectProgress.objects.filter(user=user).values("project__track")
    tags = (
        ProjectSkill.objects.filter(project__in=Project.objects.published())
        .filter(project__track__in=tracks_started)
        .values_list("project__level_id", "skill_id", "skill__name", "skill__slug")
    )
    per_level: dict[int, dict] = {}
    for level_id, *skill in tags:
        per_level.setdefault(level_id, {})[skill[0]] = SkillLink(*skill)
    levels = (
        Level.objects.filter(pk__in=per_level)
        .select_related("track")
        .order_by("track__position", "position")
    )
    grouped: dict = {}
    for level in levels:
        skills = per_level[level.pk]
        in_order = sorted(skills.values(), key=lambda skill: skill.name.casefold())
        grouped.setdefault(level.track, []).append(
            LevelSkills(
                level,
                practised=[skill for skill in in_order if practised[skill.pk]],
                not_yet=[skill for skill in in_order if not practised[skill.pk]],
            )
        )
    return list(grouped.items())
