"""A cohort's learners × the track's projects: status and progress in every cell.

A fixed number of queries whatever the cohort's size: the track's projects, one page of
members (with their last activity and milestones done), their progress rows and their
tick counts, each read for this page's learners and this track only.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower

from curriculum.models import MilestoneKind, Project
from portfolio.models import Cohort, MilestoneCheck, ProjectProgress, ProjectStatus
from portfolio.progress import Progress

PAGE_SIZE = 50
# ?sort= values and what they order by; "-" first means highest first.
ORDERS = {
    "name": (Lower("learner__display_name"), Lower("learner__username")),
    "activity": ("-last_activity", Lower("learner__username")),
    "progress": ("-done", Lower("learner__username")),
}
SORT_LABELS = {"name": "Name", "activity": "Last activity", "progress": "Milestones done"}


@dataclass(frozen=True)
class Cell:
    status: ProjectStatus
    progress: Progress

    def __str__(self):
        return f"{self.status.label} {self.progress.done}/{self.progress.total}"


@dataclass(frozen=True)
class Row:
    learner: object
    joined_at: object
    last_activity: object
    done: int
    cells: list[Cell]


def track_projects(cohort: Cohort) -> list[Project]:
    """The track's published projects in order, each with `milestone_count`."""
    return list(
        Project.objects.published()
        .filter(track=cohort.track_id)
        .select_related("track")
        .annotate(
            milestone_count=Count(
                "milestones",
                filter=Q(milestones__kind=MilestoneKind.CORE, milestones__archived_at__isnull=True),
            )
        )
        .order_by("level__position", "position")
    )


def members(cohort: Cohort, sort: str):
    """Active memberships with `last_activity` and `done` (live core milestones ticked) on
    the cohort's track, in the chosen order."""
    progress = ProjectProgress.objects.filter(
        user=OuterRef("learner"), project__track=cohort.track_id
    )
    ticks = MilestoneCheck.objects.filter(
        user=OuterRef("learner"),
        milestone__project__track=cohort.track_id,
        milestone__kind=MilestoneKind.CORE,
        milestone__archived_at__isnull=True,
    )
    return (
        cohort.memberships.active()
        .select_related("learner")
        .annotate(
            last_activity=Subquery(
                progress.values("user").annotate(last=Max("last_activity_at")).values("last")
            ),
            done=Coalesce(
                Subquery(ticks.values("user").annotate(n=Count("pk")).values("n")), Value(0)
            ),
        )
        .order_by(*ORDERS.get(sort, ORDERS["name"]))
    )


def cohort_matrix(cohort: Cohort, *, sort: str = "name", page: str | int | None = 1):
    """(projects, page of members, [Row]) for one page of the cohort."""
    projects = track_projects(cohort)
    page = Paginator(members(cohort, sort), PAGE_SIZE).get_page(page)
    return projects, page, rows_for(list(page.object_list), projects)


def rows_for(memberships, projects) -> list[Row]:
    learners = [membership.learner_id for membership in memberships]
    statuses = {
        (row.user_id, row.project_id): row.status
        for row in ProjectProgress.objects.filter(user__in=learners, project__in=projects)
    }
    ticked = {
        (user, project): count
        for user, project, count in MilestoneCheck.objects.filter(
            user__in=learners,
            milestone__project__in=projects,
            milestone__kind=MilestoneKind.CORE,
            milestone__archived_at__isnull=True,
        )
        .values_list("user", "milestone__project")
        .annotate(count=Count("pk"))
    }
    return [
        Row(
            learner=membership.learner,
            joined_at=membership.joined_at,
            last_activity=membership.last_activity,
            done=membership.done,
            cells=[
                Cell(
                    ProjectStatus(statuses.get((membership.learner_id, project.pk), "not_started")),
                    Progress(
                        done=ticked.get((membership.learner_id, project.pk), 0),
                        total=project.milestone_count,
                    ),
                )
                for project in projects
            ],
        )
        for membership in memberships
    ]


def csv_rows(cohort: Cohort):
    """The whole cohort as rows for a spreadsheet: a header, then one row per learner."""
    projects = track_projects(cohort)
    yield ["learner", "username", "joined", "last activity", "milestones done"] + [
        project.title for project in projects
    ]
    for row in rows_for(list(members(cohort, "name")), projects):
        last_activity = row.last_activity.isoformat() if row.last_activity else ""
        yield [
            row.learner.name,
            row.learner.username,
            row.joined_at.date().isoformat(),
            last_activity,
            row.done,
            *map(str, row.cells),
        ]
