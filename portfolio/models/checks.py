"""The automatic checks of a submission's evidence, and the re-checks of approved links."""

from django.db import models
from django.utils import timezone

from portfolio.models.evidence import Submission


class CheckStatus(models.TextChoices):
    PENDING = "pending", "Running"
    DONE = "done", "Done"
    NOT_CHECKED = "not_checked", "Not checked"
    FAILED = "failed", "Could not run"


class RepositoryCheck(models.Model):
    """The automatic checks of a submission's evidence, one row per submission, rewritten by
    each run: `findings` is the JSON portfolio.review.checks builds (the repository's README,
    tests, CI, licence, commits, and the demo link); `reason` says why a run did not check."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="repository_check"
    )
    status = models.CharField(max_length=20, choices=CheckStatus, default=CheckStatus.PENDING)
    reason = models.CharField(max_length=300, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)  # GitHub's rate limit lifts then
    findings = models.JSONField(default=dict, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Checks of {self.submission_id}: {self.get_status_display()}"


class LinkKind(models.TextChoices):
    REPOSITORY = "repository_url", "repository"
    DEMO = "demo_url", "live demo"


class PortfolioLink(models.Model):
    """A link of an approved submission, re-checked every month. `failures` counts checks in
    a row that found it broken; the learner hears of a breakage once (`broken_notified_at`),
    and again only after the link worked in between."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="portfolio_links"
    )
    kind = models.CharField(max_length=20, choices=LinkKind)
    failures = models.PositiveSmallIntegerField(default=0)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_problem = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    broken_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind"], name="portfolio_link_unique")
        ]
        indexes = [models.Index(fields=["checked_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.submission_id}"

    @property
    def url(self) -> str:
        return getattr(self.submission, self.kind)
