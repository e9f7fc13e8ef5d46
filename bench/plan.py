"""The rows a seed will write, planned in memory first so that every table agrees with the
others: a progress row for every project with a tick, statuses that follow the last
submission, reviews for every submission that is not waiting.

The crowd and the benchmark personas are both planned through `Plan`'s methods, then
`bench.seed` writes the plan with COPY.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench import texts
from bench.catalog import CatalogProject
from portfolio.models import ProjectStatus, SubmissionStatus, Verdict

WAITING, APPROVED, CHANGES = (
    SubmissionStatus.WAITING,
    SubmissionStatus.APPROVED,
    SubmissionStatus.CHANGES_REQUESTED,
)
# What each submission iteration ends as, and what that makes of the project.
OUTCOMES = {
    SubmissionStatus.WAITING: ProjectStatus.SUBMITTED,
    SubmissionStatus.APPROVED: ProjectStatus.APPROVED,
    SubmissionStatus.CHANGES_REQUESTED: ProjectStatus.CHANGES_REQUESTED,
}
VERDICTS = {
    SubmissionStatus.APPROVED: Verdict.APPROVE,
    SubmissionStatus.CHANGES_REQUESTED: Verdict.REQUEST_CHANGES,
}


@dataclass
class Person:
    id: int
    username: str
    display_name: str
    joined: datetime
    password: str = "!bench"  # unusable: seeded people sign in through sessions the bench makes
    is_staff: bool = False
    portfolio_public: bool = False
    bio: str = ""

    COLUMNS = [
        "id",
        "password",
        "username",
        "email",
        "display_name",
        "date_joined",
        "is_staff",
        "portfolio_public",
        "bio",
    ]

    @property
    def email(self) -> str:
        return f"{self.username}@example.com"

    def row(self) -> tuple:
        """Values for COLUMNS of the user table."""
        return (
            self.id,
            self.password,
            self.username,
            self.email,
            self.display_name,
            self.joined,
            self.is_staff,
            self.portfolio_public,
            self.bio,
        )


@dataclass
class Plan:
    rng: object  # random.Random: every choice comes from it, so a seed gives the same rows
    now: datetime
    people: list[Person] = field(default_factory=list)
    mentor_ids: list[int] = field(default_factory=list)
    # (user id, milestone id, checked at)
    ticks: list[tuple] = field(default_factory=list)
    # {(user id, project id): [started at, last activity at, status, celebrated at]}
    progress: dict[tuple[int, int], list] = field(default_factory=dict)
    # (id, user id, project id, iteration, repository URL, write-up, status, submitted at,
    #  claimed by, claimed at)
    submissions: list[tuple] = field(default_factory=list)
    # (submission id, reviewer id, verdict, comment, rubric, created at)
    reviews: list[tuple] = field(default_factory=list)
    next_submission_id: int = 1

    def tick(self, user_id: int, project: CatalogProject, milestone_ids, times) -> None:
        """Tick milestones of one project at the given times (ascending), starting it."""
        for milestone_id, at in zip(milestone_ids, times, strict=True):
            self.ticks.append((user_id, milestone_id, at))
        row = self.progress.setdefault(
            (user_id, project.id), [times[0], times[-1], ProjectStatus.IN_PROGRESS, None]
        )
        row[1] = max(row[1], times[-1])

    def submit(
        self, user: Person, project: CatalogProject, outcomes, after: datetime, reviewers
    ) -> int:
        """Iterations of evidence for a started project, one per outcome (the last may be
        WAITING), each reviewed by one of `reviewers` unless waiting. Events are spread between
        `after` and now. Returns the id of the last iteration."""
        times = self._event_times(after, count=2 * len(outcomes))
        for iteration, status in enumerate(outcomes, start=1):
            submitted_at, reviewed_at = times[2 * iteration - 2], times[2 * iteration - 1]
            submission_id = self.next_submission_id
            self.next_submission_id += 1
            waiting = status == SubmissionStatus.WAITING
            reviewer = None if waiting else self.rng.choice(reviewers)
            self.submissions.append(
                (
                    submission_id,
                    user.id,
                    project.id,
                    iteration,
                    f"https://github.com/{user.username}/{project.slug}",
                    self.rng.choice(texts.WRITE_UPS).format(title=project.title),
                    status,
                    submitted_at,
                    reviewer,
                    None if waiting else reviewed_at - timedelta(minutes=30),
                )
            )
            if not waiting:
                verdict = VERDICTS[status]
                approved = verdict == Verdict.APPROVE
                self.reviews.append(
                    (
                        submission_id,
                        reviewer,
                        verdict,
                        self.rng.choice(texts.COMMENTS[verdict]),
                        texts.rubric(self.rng, approved),
                        reviewed_at,
                    )
                )
            row = self.progress[(user.id, project.id)]
            row[1], row[2] = (submitted_at if waiting else reviewed_at), OUTCOMES[status]
            # Seeded learners have seen their approvals: no pending dashboard celebration.
            row[3] = reviewed_at if status == APPROVED else None
        return submission_id

    def _event_times(self, after: datetime, count: int) -> list[datetime]:
        """`count` ascending times after `after`, hours to days apart, squeezed before now."""
        gaps = [self.rng.uniform(0.5, 72) for _ in range(count)]
        room = (self.now - after).total_seconds() / 3600
        scale = min(1.0, room / sum(gaps)) if sum(gaps) else 1.0
        times, at = [], after
        for gap in gaps:
            at += timedelta(hours=gap * scale)
            times.append(at)
        return times

    def spread(self, start: datetime, count: int, end: datetime | None = None) -> list[datetime]:
        """`count` ascending random times between `start` and `end` (default: now)."""
        span = ((end or self.now) - start).total_seconds()
        return [
            start + timedelta(seconds=span * x)
            for x in sorted(self.rng.random() for _ in range(count))
        ]
