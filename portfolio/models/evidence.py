"""Evidence a learner sends for review: submissions (one per iteration) and screenshots."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from curriculum.models import Project
from roadmap.fields import MarkdownHTMLField
from roadmap.markdown import USER_HEADING_SHIFT

# Where screenshots are stored, and under MEDIA_URL the address of the view that serves them.
SCREENSHOTS_DIRECTORY = "screenshots"


def screenshot_path(instance, filename):
    # Random names: nothing of the uploader's file name reaches storage or URLs.
    return f"{SCREENSHOTS_DIRECTORY}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class SubmissionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a mentor"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLAIM_EXPIRES_AFTER = timedelta(hours=48)


class SubmissionQuerySet(models.QuerySet):
    def latest_approved(self):
        """Approved iterations, only the latest of each learner's project."""
        later = Submission.objects.filter(
            user=OuterRef("user"),
            project=OuterRef("project"),
            status=SubmissionStatus.APPROVED,
            iteration__gt=OuterRef("iteration"),
        )
        return self.filter(status=SubmissionStatus.APPROVED).exclude(Exists(later))

    def claimable(self, now=None):
        """Waiting submissions, and claimed ones whose claim expired without a review."""
        now = now or timezone.now()
        return self.filter(
            Q(status=SubmissionStatus.WAITING)
            | Q(status=SubmissionStatus.IN_REVIEW, claimed_at__lt=now - CLAIM_EXPIRES_AFTER)
        )

    def claimed_live(self, now=None):
        """Claimed submissions whose claim has not expired (and no verdict yet)."""
        now = now or timezone.now()
        return self.filter(
            status=SubmissionStatus.IN_REVIEW, claimed_at__gte=now - CLAIM_EXPIRES_AFTER
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
    # Sent before the learner started the track again: shown as such, and no longer
    # standing in the way of a new submission.
    earlier_attempt = models.BooleanField(default=False)
    # When the claimant was told their claim is about to expire: once per claim, so a
    # reminder older than `claimed_at` belongs to an earlier claim.
    claim_reminded_at = models.DateTimeField(null=True, blank=True)
    # The conversation on this iteration (portfolio.review.conversation): when it closed, and
    # when the side that owed an answer was last reminded (once per wait).
    conversation_closed_at = models.DateTimeField(null=True, blank=True)
    conversation_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project", "iteration"], name="portfolio_submission_iteration"
            )
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # The review queue in its order, open submissions only (a tenth of them): a page
            # reads its own rows, and the count is an index-only scan (it needs the user,
            # whose own work a mentor does not see, and the project, for the filters).
            models.Index(
                fields=["submitted_at", "id"],
                include=["user", "project"],
                condition=Q(status__in=[SubmissionStatus.WAITING, SubmissionStatus.IN_REVIEW]),
                name="portfolio_submission_open",
            ),
        ]

    def __str__(self):
        return f"{self.project} #{self.iteration} by {self.user}"

    @property
    def claim_expires_at(self):
        return self.claimed_at + CLAIM_EXPIRES_AFTER if self.claimed_at else None

    def earlier_iterations(self):
        return Submission.objects.filter(
            user=self.user_id, project=self.project_id, iteration__lt=self.iteration
        ).order_by("-iteration")


class ScreenshotQuerySet(models.QuerySet):
    def staged_by(self, user):
        """Uploads the user made that no submission took yet (kept across previews and
        form errors until they submit)."""
        return self.filter(owner=user, submission__isnull=True)

    def unneeded_since(self, cutoff):
        """Screenshots nobody will need: staged before `cutoff` and never sent, or of a
        submission withdrawn before `cutoff` (withdrawing closes its conversation)."""
        return self.filter(
            Q(submission__isnull=True, uploaded_at__lt=cutoff)
            | Q(
                submission__status=SubmissionStatus.WITHDRAWN,
                submission__conversation_closed_at__lt=cutoff,
            )
        )


class Screenshot(models.Model):
    """An uploaded image. It is its owner's from the upload; a submission takes it when sent."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screenshots"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="screenshots"
    )
    # Indexed: the media view finds the row of the file it is asked for by its name.
    image = models.ImageField(
        upload_to=screenshot_path, width_field="width", height_field="height", db_index=True
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # Bytes in storage, counted against the owner's quota without asking the storage.
    size = models.PositiveBigIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScreenshotQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.image.name

    def get_absolute_url(self):
        """The media view's address for the file, whatever the storage: it applies the
        access rule, then hands the file over (roadmap.media)."""
        return reverse("portfolio:screenshot", args=[self.image.name.rsplit("/", 1)[-1]])

    def is_public(self) -> bool:
        """Anyone may see it: its submission is approved and its owner shows a public
        portfolio. Needs `submission` and `owner` (select_related them)."""
        return (
            self.submission is not None
            and self.submission.status == SubmissionStatus.APPROVED
            and self.owner.portfolio_public
            and self.owner.is_active
        )

    def is_visible_to(self, user) -> bool:
        """Who may see a screenshot, the one rule: its owner always, admins, mentors once it
        belongs to submitted work, and everyone once it is public."""
        if self.is_public():
            return True
        if not user.is_authenticated:
            return False
        if user.pk == self.owner_id or user.is_superuser:
            return True
        return self.submission_id is not None and user.is_mentor
