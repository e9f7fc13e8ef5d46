"""Learner progress: ticking milestones, starting projects, and the numbers pages show.

Progress on a project is the share of its live core milestones the learner ticked; stretch
goals are counted apart. Archived milestones keep their ticks but count for nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from curriculum.models import Milestone, MilestoneKind
from portfolio.models import MilestoneCheck, ProjectProgress

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


def checked_by(user):
    """An expression that is true for milestones `user` ticked (use on Milestone querysets)."""
    return Exists(MilestoneCheck.objects.filter(user=user, milestone=OuterRef("pk")))


def learner_status(user):
    """A subquery for Project querysets: the user's status on each project (None: not started)."""
    rows = ProjectProgress.objects.filter(user=user, project=OuterRef("pk"))
    return Subquery(rows.values("status")[:1])


def project_start(*, user, project_id: int, now=None) -> None:
    """Start the project (idempotent): a new row is in progress; an existing row only records
    the activity, whatever its status."""
    now = now or timezone.now()
    ProjectProgress.objects.bulk_create(
        [ProjectProgress(user=user, project_id=project_id, started_at=now, last_activity_at=now)],
        update_conflicts=True,
        unique_fields=["user", "project"],
        update_fields=["last_activity_at"],
    )


def milestone_set_done(*, user, milestone: Milestone, done: bool) -> None:
    """Tick or untick. The form sends the state it wants, not a toggle, so a double click, a
    second tab or a stale page lands on the same state instead of flipping it back.

    The first tick of a project starts it. One transaction around both writes (without a
    savepoint: there is nothing to roll back to inside it)."""
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        _write_check(user, milestone, done, now)


def _write_check(user, milestone: Milestone, done: bool, now) -> None:
    if done:
        MilestoneCheck.objects.bulk_create(
            [MilestoneCheck(user=user, milestone=milestone, checked_at=now)],
            ignore_conflicts=True,
        )
        project_start(user=user, project_id=milestone.project_id, now=now)
    else:
        MilestoneCheck.objects.filter(user=user, milestone=milestone).delete()
        ProjectProgress.objects.filter(user=user, project_id=milestone.project_id).update(
            last_activity_at=now
        )


def project_progress(user, project_id: int) -> Progress:
    """One query: the live core and stretch milestones of a project, and which `user` ticked."""
    checked = checked_by(user)
    counts = Milestone.objects.filter(project_id=project_id).aggregate(
        total=Count("pk", filter=LIVE_CORE),
        done=Count("pk", filter=LIVE_CORE & Q(checked)),
        stretch_total=Count("pk", filter=LIVE_STRETCH),
        stretch_done=Count("pk", filter=LIVE_STRETCH & Q(checked)),
    )
    return Progress(**counts)


def progress_from_milestones(milestones) -> Progress:
    """Progress from a project's live milestones annotated with `is_done` (no query)."""
    core = [m for m in milestones if m.kind == MilestoneKind.CORE]
    stretch = [m for m in milestones if m.kind == MilestoneKind.STRETCH]
    return Progress(
        done=sum(m.is_done for m in core),
        total=len(core),
        stretch_done=sum(m.is_done for m in stretch),
        stretch_total=len(stretch),
    )


def ticked_core_counts(user, projects) -> dict[int, int]:
    """{project id: live core milestones `user` ticked} for the given projects, in one query."""
    rows = (
        MilestoneCheck.objects.filter(
            user=user,
            milestone__project__in=projects,
            milestone__kind=MilestoneKind.CORE,
            milestone__archived_at__isnull=True,
        )
        .values_list("milestone__project_id")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def statuses(user, projects) -> dict[int, str]:
    rows = ProjectProgress.objects.filter(user=user, project__in=projects)
    return dict(rows.values_list("project_id", "status"))
