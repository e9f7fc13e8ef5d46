"""In-app notices."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """An in-app notice. The user's unread count is kept on User.unread_notifications so that
    the navigation shows it without a query on every page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return self.message


class DailyNotice(models.Model):
    """A notice that goes out at most once a day (the overdue report to admins): the row for
    (kind, day) is written by whoever sends it, and the unique constraint lets only one
    periodic run win."""

    kind = models.CharField(max_length=40)
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "day"], name="portfolio_daily_notice_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.day}"
