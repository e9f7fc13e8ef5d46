"""Starting a track again: the learner's ticks and statuses on it are set aside as an
earlier attempt (kept, shown as such, never deleted), and the track starts from zero."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from curriculum.models import Milestone, Project, Track
from portfolio.models.progress import ProjectStatus


class TrackReset(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="track_resets"
    )
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="+")
    reset_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reset_at"]
        indexes = [models.Index(fields=["user", "track", "-reset_at"])]

    def __str__(self):
        return f"{self.user} started {self.track} again on {self.reset_at:%Y-%m-%d}"


class EarlierTick(models.Model):
    """A MilestoneCheck of an attempt that ended with a reset."""

    reset = models.ForeignKey(TrackReset, on_delete=models.CASCADE, related_name="ticks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="earlier_ticks"
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "checked_at"])]

    def __str__(self):
        return f"{self.user} ✓ {self.milestone} (earlier attempt)"


class EarlierProgress(models.Model):
    """A ProjectProgress of an attempt that ended with a reset."""

    reset = models.ForeignKey(TrackReset, on_delete=models.CASCADE, related_name="progress")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ProjectStatus)
    started_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "earlier progress"

    def __str__(self):
        return f"{self.project} · {self.get_status_display()} (earlier attempt)"
