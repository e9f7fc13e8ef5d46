"""Tracks that are a plan by week (projects with `Week: 3`): the day a learner starts, the
week they are in, and whether they are ahead of the plan or behind it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from portfolio.models import TrackStart


@dataclass(frozen=True)
class Schedule:
    """A plan by week as one learner follows it. `working_week` is the first week of the
    earliest scheduled project they have not finished (None when every one is)."""

    first_week: int
    last_week: int
    started_on: date | None = None
    today: date | None = None
    working_week: int | None = None

    @property
    def has_started(self) -> bool:
        return self.started_on is not None and self.today >= self.started_on

    @property
    def current_week(self) -> int | None:
        """The week of the plan that today falls in (weeks count from the start day)."""
        if not self.has_started:
            return None
        return self.first_week + (self.today - self.started_on).days // 7

    @property
    def is_over(self) -> bool:
        return self.has_started and self.current_week > self.last_week

    @property
    def weeks_ahead(self) -> int:
        """How many weeks ahead of the plan (negative: behind). On track: every week before
        this one is done, this one may be in progress."""
        working = self.working_week if self.working_week is not None else self.last_week + 1
        return working - min(self.current_week, self.last_week + 1)

    @property
    def weeks_behind(self) -> int:
        return -self.weeks_ahead

    def starts_on(self, week: int) -> date:
        return self.started_on + timedelta(weeks=week - self.first_week)


def build_schedule(projects, *, started_on=None, done=None, today=None) -> Schedule | None:
    """The schedule from the scheduled projects (`Project.objects.scheduled`), the learner's start
    day and their ticked core milestones per project (`done`; None for a visitor)."""
    if not projects:
        return None
    first = min(project.week_start for project in projects)
    last = max(project.week_end or project.week_start for project in projects)
    if done is None:
        return Schedule(first, last)
    unfinished = [p.week_start for p in projects if done.get(p.pk, 0) < p.total or not p.total]
    return Schedule(
        first,
        last,
        started_on=started_on,
        today=today or timezone.localdate(),
        working_week=min(unfinished, default=None),
    )


def schedule_set_start(*, user, track, started_on: date) -> None:
    TrackStart.objects.update_or_create(user=user, track=track, defaults={"started_on": started_on})


def schedule_clear_start(*, user, track) -> None:
    TrackStart.objects.filter(user=user, track=track).delete()
