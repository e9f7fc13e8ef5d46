"""What a learner ticked and where they stand on each project: the status state machine."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from curriculum.models import Milestone, Project, Track


class MilestoneCheck(models.Model):
    """A learner ticked a milestone. Unique per (user, milestone): ticking twice is a no-op."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestone_checks"
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="checks")
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "milestone"], name="portfolio_check_unique_per_user"
            )
        ]
        indexes = [models.Index(fields=["user", "checked_at"])]

    def __str__(self):
        return f"{self.user} ✓ {self.milestone}"


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


class ProjectEvent(models.TextChoices):
    """What happens to a learner's project; ProjectProgress.next_status says what it becomes."""

    ACTIVITY = "activity", "Ticked, unticked or started"
    SUBMIT = "submit", "Submitted for review"
    WITHDRAW = "withdraw", "Submission withdrawn"
    APPROVE = "approve", "Approved by a mentor"
    REQUEST_CHANGES = "request_changes", "Changes requested by a mentor"


class InvalidTransition(Exception):
    """An event that cannot happen to a project in its current status."""


_S = ProjectStatus
# event: {status before: status after}. ACTIVITY starts a project and otherwise leaves the
# status alone; every other event happens only from the statuses listed.
TRANSITIONS = {
    ProjectEvent.ACTIVITY: {_S.NOT_STARTED: _S.IN_PROGRESS},
    ProjectEvent.SUBMIT: {
        _S.NOT_STARTED: _S.SUBMITTED,
        _S.IN_PROGRESS: _S.SUBMITTED,
        _S.CHANGES_REQUESTED: _S.SUBMITTED,
    },
    ProjectEvent.WITHDRAW: {_S.SUBMITTED: _S.IN_PROGRESS},
    ProjectEvent.APPROVE: {_S.SUBMITTED: _S.APPROVED},
    ProjectEvent.REQUEST_CHANGES: {_S.SUBMITTED: _S.CHANGES_REQUESTED},
}


class ProjectProgressQuerySet(models.QuerySet):
    def record(self, *, user, project_id: int, event: ProjectEvent, now=None) -> None:
        """Apply `event` to the user's project: the one place a project's status is written.

        Activity is one upsert (it never changes a started project's status, so there is
        nothing to read first); other events lock the row, check the transition and write."""
        now = now or timezone.now()
        if event == ProjectEvent.ACTIVITY:
            self.bulk_create(
                [
                    ProjectProgress(
                        user=user, project_id=project_id, started_at=now, last_activity_at=now
                    )
                ],
                update_conflicts=True,
                unique_fields=["user", "project"],
                update_fields=["last_activity_at"],
            )
            return
        with transaction.atomic():
            row, created = self.select_for_update().get_or_create(
                user=user,
                project_id=project_id,
                defaults={
                    # Called only when there is no row yet.
                    "status": lambda: ProjectProgress.next_status(ProjectStatus.NOT_STARTED, event),
                    "started_at": now,
                    "last_activity_at": now,
                },
            )
            if not created:
                row.status = ProjectProgress.next_status(row.status, event)
                row.last_activity_at = now
                row.save(update_fields=["status", "last_activity_at"])


class ProjectProgress(models.Model):
    """A learner's status on a project they started. No row means not started."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_progress"
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        max_length=20, choices=ProjectStatus, default=ProjectStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    # When the learner was shown the approval (the dashboard's celebration), once.
    celebrated_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectProgressQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project"], name="portfolio_progress_unique_per_user"
            )
        ]
        indexes = [models.Index(fields=["user", "-last_activity_at"])]
        verbose_name_plural = "project progress"

    def __str__(self):
        return f"{self.user} · {self.project} · {self.get_status_display()}"

    @staticmethod
    def next_status(status: str, event: ProjectEvent) -> ProjectStatus:
        """The status after `event`; raises InvalidTransition when it cannot happen."""
        after = TRANSITIONS[event].get(status)
        if after is not None:
            return after
        if event == ProjectEvent.ACTIVITY:
            return ProjectStatus(status)
        current = ProjectStatus(status).label.lower()
        raise InvalidTransition(f"{ProjectEvent(event).label} is not possible when {current}.")


class TrackStart(models.Model):
    """The day a learner starts a track that is a plan by week: weeks count from it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="track_starts"
    )
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="learner_starts")
    started_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "track"], name="portfolio_track_start_unique")
        ]

    def __str__(self):
        return f"{self.user} started {self.track} on {self.started_on}"
