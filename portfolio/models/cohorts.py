"""Cohorts: a class of learners following one track together, and the mentors who run it.

A learner joins by the cohort's invite code after agreeing that its mentors see their
progress on the cohort's track; leaving ends that, and their own history stays theirs.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from curriculum.models import Track


def new_invite_code() -> str:
    # 10 characters of a URL-safe alphabet: too many to guess, short enough to read out.
    return secrets.token_urlsafe(8)[:10]


class CohortQuerySet(models.QuerySet):
    def run_by(self, user):
        """The cohorts `user` may see the learners of: all for admins, theirs for mentors."""
        if user.is_superuser:
            return self
        if not user.is_mentor:
            return self.none()
        return self.filter(mentors=user)


class Cohort(models.Model):
    name = models.CharField(max_length=120)
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="cohorts")
    starts_on = models.DateField("start date")
    mentors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="mentored_cohorts")
    invite_code = models.CharField(max_length=16, unique=True, default=new_invite_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cohorts:detail", args=[self.pk])

    def get_invite_url(self):
        return reverse("cohorts:join", args=[self.invite_code])


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)


class CohortMembership(models.Model):
    """A learner in a cohort, from the consent they gave (joined_at) until they leave."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "learner"],
                condition=Q(left_at__isnull=True),
                name="portfolio_cohort_one_active_membership",
            )
        ]
        indexes = [models.Index(fields=["learner", "left_at"])]

    def __str__(self):
        return f"{self.learner} in {self.cohort}"
