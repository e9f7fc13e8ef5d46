"""The learner's side: what they ticked and where they stand on each project.

Every row belongs to one user; views only ever read and write `request.user`'s rows.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from curriculum.models import Milestone, Project
from roadmap.fields import MarkdownHTMLField
from roadmap.markdown import USER_HEADING_SHIFT


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


def screenshot_path(instance, filename):
    # Random names: nothing of the uploader's file name reaches storage or URLs.
    return f"screenshots/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class SubmissionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a mentor"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLAIM_EXPIRES_AFTER = timedelta(hours=48)


class SubmissionQuerySet(models.QuerySet):
    def claimable(self, now=None):
        """Waiting submissions, and claimed ones whose claim expired without a review."""
        now = now or timezone.now()
        return self.filter(
            Q(status=SubmissionStatus.WAITING)
            | Q(status=SubmissionStatus.IN_REVIEW, claimed_at__lt=now - CLAIM_EXPIRES_AFTER)
        )


class Submission(models.Model):
    """One iteration of evidence for a project. Immutable once sent: a resubmission after
    "changes requested" is a new row with the next iteration number."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="submissions")
    iteration = models.PositiveSmallIntegerField()
    repository_url = models.URLField("repository URL", max_length=500)
    demo_url = models.URLField("live demo URL", max_length=500, blank=True)
    write_up = models.TextField(blank=True, max_length=20_000, help_text="Markdown.")
    write_up_html = MarkdownHTMLField(source="write_up", shift_headings=USER_HEADING_SHIFT)
    status = models.CharField(
        max_length=20, choices=SubmissionStatus, default=SubmissionStatus.WAITING
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_submissions",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project", "iteration"], name="portfolio_submission_iteration"
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.project} #{self.iteration} by {self.user}"

    def earlier_iterations(self):
        return Submission.objects.filter(
            user=self.user_id, project=self.project_id, iteration__lt=self.iteration
        ).order_by("-iteration")


class ScreenshotQuerySet(models.QuerySet):
    def staged_by(self, user):
        """Uploads the user made that no submission took yet (kept across previews and
        form errors until they submit)."""
        return self.filter(owner=user, submission__isnull=True)


class Screenshot(models.Model):
    """An uploaded image. It is its owner's from the upload; a submission takes it when sent."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screenshots"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="screenshots"
    )
    image = models.ImageField(upload_to=screenshot_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScreenshotQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.image.name


class RubricSignal(models.TextChoices):
    """What a reviewer looks for in a portfolio repository (seed 002's portfolio signals)."""

    CLEAR_README = "clear_readme", "Clear README"
    ORGANIZED_STRUCTURE = "organized_structure", "Organized structure"
    TESTS_INCLUDED = "tests_included", "Tests included"
    MEANINGFUL_COMMITS = "meaningful_commits", "Meaningful commits"
    DEPLOYMENT = "deployment", "Deployment instructions or live app"


class Verdict(models.TextChoices):
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"


# A verdict as a sentence tells it: "Your project was reviewed: changes requested."
VERDICT_OUTCOME_WORDS = {Verdict.APPROVE: "approved", Verdict.REQUEST_CHANGES: "changes requested"}


class Review(models.Model):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="review")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    verdict = models.CharField(max_length=20, choices=Verdict)
    comment = models.TextField(blank=True, max_length=20_000, help_text="Markdown.")
    comment_html = MarkdownHTMLField(source="comment", shift_headings=USER_HEADING_SHIFT)
    # {signal value: {"met": bool, "note": str}} for every RubricSignal
    rubric = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.submission}"

    @property
    def outcome(self) -> str:
        return VERDICT_OUTCOME_WORDS[self.verdict]

    @property
    def signals(self) -> list[tuple[str, bool, str]]:
        """[(label, met, note)] in rubric order."""
        return [
            (
                signal.label,
                bool(self.rubric.get(signal.value, {}).get("met")),
                self.rubric.get(signal.value, {}).get("note", ""),
            )
            for signal in RubricSignal
        ]


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
