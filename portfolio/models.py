"""The learner's side: what they ticked and where they stand on each project.

Every row belongs to one user; views only ever read and write `request.user`'s rows.
"""

from django.conf import settings
from django.db import models

from curriculum.models import Milestone, Project


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
