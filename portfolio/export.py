"""A learner's own progress as rows, for the CSV and JSON downloads."""

from portfolio.models import (
    EarlierProgress,
    EarlierTick,
    MilestoneCheck,
    ProjectProgress,
    ProjectStatus,
)

PROGRESS_FIELDS = [
    "track",
    "level",
    "project",
    "project_status",
    "milestone",
    "kind",
    "archived",
    "checked_at",
    "attempt",
]
RELATED = ("milestone__project__track", "milestone__project__level")


def progress_rows(user) -> list[dict]:
    """One row per milestone the user ticked (only theirs), oldest first; ticks of attempts
    set aside by starting a track again say when that attempt ended."""
    status = dict(ProjectProgress.objects.filter(user=user).values_list("project_id", "status"))
    earlier_status = {
        (row.reset_id, row.project_id): row.status
        for row in EarlierProgress.objects.filter(reset__user=user)
    }
    current = MilestoneCheck.objects.filter(user=user).select_related(*RELATED)
    earlier = EarlierTick.objects.filter(user=user).select_related(*RELATED, "reset")
    rows = [_row(check, status.get(check.milestone.project_id), "current") for check in current] + [
        _row(
            tick,
            earlier_status.get((tick.reset_id, tick.milestone.project_id)),
            f"earlier (ended {tick.reset.reset_at:%Y-%m-%d})",
        )
        for tick in earlier
    ]
    return sorted(rows, key=lambda row: row["checked_at"])


def _row(tick, status, attempt) -> dict:
    project = tick.milestone.project
    return {
        "track": project.track.title,
        "level": project.level.heading,
        "project": project.title,
        "project_status": ProjectStatus(status or ProjectStatus.IN_PROGRESS).label,
        "milestone": tick.milestone.text,
        "kind": tick.milestone.get_kind_display(),
        "archived": tick.milestone.archived_at is not None,
        "checked_at": tick.checked_at.isoformat(),
        "attempt": attempt,
    }
