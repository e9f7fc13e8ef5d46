"""Progress for the demo learner, so that a newcomer's first dashboard is a living one."""

from datetime import timedelta

from django.utils import timezone

from curriculum.models import MilestoneKind, Project
from portfolio.models import MilestoneCheck, ProjectProgress, Submission
from portfolio.submissions import submission_create

DEMO_TRACK = "novice-to-principal"
# (project position in level 1, how many of its core milestones, days ago of the first tick)
DEMO_PLAN = [(1, None, 20), (2, 2, 9), (3, 1, 1)]
DEMO_WRITE_UP = """A calculator that **never crashes** on bad input.

- Parses `2 + 3 * 4` with operator precedence
- Unit tests with `assert` for every operator
"""


def create_demo_progress(user) -> int:
    """Tick milestones of the first projects of the first track over the last three weeks,
    the latest yesterday so a streak shows. Idempotent: existing ticks are left alone."""
    now = timezone.now()
    projects = {
        project.position: project
        for project in Project.objects.published().filter(
            track__slug=DEMO_TRACK, level__position=1, position__lte=len(DEMO_PLAN)
        )
    }
    checks, progress = [], []
    for position, how_many, days_ago in DEMO_PLAN:
        project = projects.get(position)
        if project is None:
            continue
        milestones = list(project.milestones.active().filter(kind=MilestoneKind.CORE))
        ticked = milestones[:how_many] if how_many else milestones
        first = now - timedelta(days=days_ago)
        for offset, milestone in enumerate(ticked):
            checked_at = min(first + timedelta(days=offset), now)
            checks.append(MilestoneCheck(user=user, milestone=milestone, checked_at=checked_at))
        last = min(first + timedelta(days=max(len(ticked) - 1, 0)), now)
        progress.append(
            ProjectProgress(user=user, project=project, started_at=first, last_activity_at=last)
        )
    before = MilestoneCheck.objects.filter(user=user).count()
    MilestoneCheck.objects.bulk_create(checks, ignore_conflicts=True)
    ProjectProgress.objects.bulk_create(progress, ignore_conflicts=True)
    finished = projects.get(1)
    if finished and not Submission.objects.filter(user=user, project=finished).exists():
        # The finished project waits in the review queue, for the demo mentor.
        submission_create(
            user=user,
            project=finished,
            repository_url="https://github.com/demo-learner/super-calculator",
            write_up=DEMO_WRITE_UP,
        )
    return MilestoneCheck.objects.filter(user=user).count() - before
