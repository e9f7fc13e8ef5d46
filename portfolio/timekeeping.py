"""Honest time: what a learner logs on a project, beside the catalog's estimate and, once
enough learners finished it, the range most of them took (never naming anyone)."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone

from curriculum.models import Project
from portfolio.models import ProjectStatus, ProjectTimeStats, TimeEntry

# Below this many finishers with time logged, a range would say too much about too few.
MIN_LEARNERS_FOR_A_RANGE = 10
# "Most" learners: the middle 80 %, from the 10th to the 90th percentile.
LOW_PERCENTILE, HIGH_PERCENTILE = 0.10, 0.90
QUICK_MINUTES = (15, 30, 60, 120)


@dataclass(frozen=True)
class TimeSummary:
    estimate: str  # the catalog's wording ("2-3 weeks"), may be empty
    minutes: int  # this learner's total
    typical: ProjectTimeStats | None  # most finishers' range, once there are enough
    quick_minutes: tuple[int, ...] = QUICK_MINUTES  # the one-click amounts to log


def time_summary(user, project) -> TimeSummary:
    """One query: the project's range if it has one, and the learner's total."""
    mine = (
        TimeEntry.objects.filter(user=user, project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    row = (
        Project.objects.filter(pk=project.pk)
        .values("time_stats__learners", "time_stats__low_minutes", "time_stats__high_minutes")
        .annotate(mine=Subquery(mine))
        .get()
    )
    return summarise_time(
        project,
        row["mine"],
        row["time_stats__learners"],
        row["time_stats__low_minutes"],
        row["time_stats__high_minutes"],
    )


def summarise_time(project, minutes, learners, low_minutes, high_minutes) -> TimeSummary:
    """The summary from the learner's total and the project's stats row (None when it has
    none), however they were read."""
    typical = None
    if learners is not None:
        typical = ProjectTimeStats(
            project=project, learners=learners, low_minutes=low_minutes, high_minutes=high_minutes
        )
    return TimeSummary(project.time_investment, minutes or 0, typical)


def minutes_by_project(user, project_ids) -> dict[int, int]:
    """{project id: minutes the learner logged} for the given projects (one query)."""
    rows = (
        TimeEntry.objects.filter(user=user, project__in=project_ids)
        .values_list("project")
        .annotate(total=Sum("minutes"))
    )
    return dict(rows)


def time_log(*, user, project, minutes: int, spent_on=None, note="") -> TimeEntry:
    return TimeEntry.objects.create(
        user=user,
        project=project,
        minutes=minutes,
        spent_on=spent_on or timezone.localdate(),
        note=note,
    )


def percentile(sorted_values: list[int], fraction: float) -> int:
    """Linear interpolation between the closest ranks (as PostgreSQL's percentile_cont)."""
    position = (len(sorted_values) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(sorted_values) - 1)
    share = position - below
    return round(sorted_values[below] * (1 - share) + sorted_values[above] * share)


def project_time_stats_refresh(project_id: int) -> ProjectTimeStats | None:
    """Recount the range for one project from the totals of the learners who finished it
    (approved) and logged time; below the minimum, no range is kept."""
    totals = sorted(
        TimeEntry.objects.filter(
            project=project_id,
            user__project_progress__project=project_id,
            user__project_progress__status=ProjectStatus.APPROVED,
        )
        .values("user")
        .annotate(total=Sum("minutes"))
        .values_list("total", flat=True)
    )
    if len(totals) < MIN_LEARNERS_FOR_A_RANGE:
        ProjectTimeStats.objects.filter(project=project_id).delete()
        return None
    stats, _ = ProjectTimeStats.objects.update_or_create(
        project_id=project_id,
        defaults={
            "learners": len(totals),
            "low_minutes": percentile(totals, LOW_PERCENTILE),
            "high_minutes": percentile(totals, HIGH_PERCENTILE),
            "updated_at": timezone.now(),
        },
    )
    return stats


def all_time_stats_refresh() -> int:
    """Every project someone logged time on (for the periodic job); returns how many have a
    range."""
    project_ids = TimeEntry.objects.values_list("project", flat=True).distinct()
    return sum(project_time_stats_refresh(pk) is not None for pk in project_ids)
