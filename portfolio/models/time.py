"""Time a learner spent on a project, in their own words, and what most learners took."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from curriculum.models import Project

MAX_MINUTES_A_DAY = 24 * 60


class TimeEntry(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_entries"
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="time_entries")
    minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES_A_DAY)]
    )
    spent_on = models.DateField("day", default=timezone.localdate)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        indexes = [models.Index(fields=["user", "project"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES_A_DAY),
                name="portfolio_time_minutes_in_a_day",
                violation_error_message="Log between 1 minute and 24 hours at a time.",
            )
        ]
        verbose_name_plural = "time entries"

    def __str__(self):
        return f"{self.user} · {self.project} · {self.minutes} min"


class ProjectTimeStats(models.Model):
    """How long the learners who finished a project took, without naming anyone: kept only
    once enough of them logged time (see portfolio.timekeeping)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="time_stats"
    )
    learners = models.PositiveIntegerField()
    low_minutes = models.PositiveIntegerField()
    high_minutes = models.PositiveIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "project time statistics"

    def __str__(self):
        return f"{self.project}: {self.low_minutes}–{self.high_minutes} min ({self.learners})"
