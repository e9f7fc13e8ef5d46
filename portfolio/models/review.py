"""A mentor's verdict on a submission, with the rubric it was judged by; the queue's version."""

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from portfolio.models.evidence import Submission
from roadmap.fields import MarkdownHTMLField
from roadmap.markdown import USER_HEADING_SHIFT


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
    # A mentor who deletes their account leaves the reviews learners received behind,
    # signed "a former mentor".
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="reviews"
    )
    verdict = models.CharField(max_length=20, choices=Verdict)
    comment = models.TextField(blank=True, max_length=20_000, help_text="Markdown.")
    comment_html = MarkdownHTMLField(source="comment", shift_headings=USER_HEADING_SHIFT)
    # {signal value: {"met": bool, "note": str}} for every RubricSignal
    rubric = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The queue's estimated wait counts the reviews of the last 30 days.
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.submission}"

    @property
    def reviewer_name(self) -> str:
        return self.reviewer.name if self.reviewer else "a former mentor"

    @property
    def outcome(self) -> str:
        return VERDICT_OUTCOME_WORDS[self.verdict]

    @property
    def met_signals(self) -> list[str]:
        """Labels of the signals met: what may be shown publicly (never the notes)."""
        return [label for label, met, _note in self.signals if met]

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


class QueueVersion(models.Model):
    """One row counting the changes to what the review queue shows: every write to a
    submission or a cohort bumps it, by database triggers (migration 0021), bulk and raw SQL
    included. It keys a mentor's kept queue page (curriculum.kept_pages)."""

    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"review queue, version {self.value}"

    @classmethod
    def current(cls) -> int:
        # One plain statement on every queue request: the ORM took longer to build it.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {cls._meta.db_table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else 0  # no write yet
