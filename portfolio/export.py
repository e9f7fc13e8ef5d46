"""A learner's own progress as rows, for the CSV and JSON downloads."""

from portfolio.models import MilestoneCheck, ProjectProgress, ProjectStatus

PROGRESS_FIELDS = [
    "track",
    "level",
    "project",
    "project_status",
    "milestone",
    "kind",
    "archived",
    "checked_at",
]


def progress_rows(user) -> list[dict]:
    """One row per milestone the user ticked (only theirs), oldest first."""
    status = dict(ProjectProgress.objects.filter(user=user).values_list("project_id", "status"))
    checks = (
        MilestoneCheck.objects.filter(user=user)
        .select_related("milestone__project__track", "milestone__project__level")
        .order_by("checked_at", "pk")
    )
    return [
        {
            "track": check.milestone.project.track.title,
            "level": check.milestone.project.level.heading,
            "project": check.milestone.project.title,
            "project_status": ProjectStatus(
                status.get(check.milestone.project_id, ProjectStatus.IN_PROGRESS)
            ).label,
            "milestone": check.milestone.text,
            "kind": check.milestone.get_kind_display(),
            "archived": check.milestone.archived_at is not None,
            "checked_at": check.checked_at.isoformat(),
        }
        for check in checks
    ]
