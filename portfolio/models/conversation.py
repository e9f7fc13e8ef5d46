"""The conversation on a submission: messages and events in one timeline, and the learner's
rating of the review they got."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portfolio.models.evidence import Submission
from portfolio.models.review import Review
from roadmap.fields import MarkdownHTMLField
from roadmap.markdown import USER_HEADING_SHIFT


class MessageKind(models.TextChoices):
    """A message someone wrote, or an event of the submission's review, in the order they
    happened. Events have no body: the timeline says them in words."""

    MESSAGE = "message", "Message"
    CLAIMED = "claimed", "A mentor claimed the submission"
    LEFT = "left", "The mentor left; the submission went back to the queue"
    REVIEWED = "reviewed", "The mentor gave the verdict"
    CLOSED = "closed", "The learner closed the conversation"
    TIMED_OUT = "timed_out", "Closed for want of an answer"
    CONTINUED = "continued", "Continued in the next iteration"


# Events that end a conversation: nothing is written after them.
CLOSING_KINDS = [MessageKind.CLOSED, MessageKind.TIMED_OUT, MessageKind.CONTINUED]


class Message(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="messages")
    # NULL when the author's account is gone, or for events nobody caused (a timeout).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=MessageKind, default=MessageKind.MESSAGE)
    body = models.TextField(blank=True, max_length=10_000, help_text="Markdown.")
    body_html = MarkdownHTMLField(source="body", shift_headings=USER_HEADING_SHIFT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.submission_id}"


class Helpfulness(models.TextChoices):
    HELPFUL = "helpful", "Helpful"
    COULD_BE_CLEARER = "could_be_clearer", "Could be clearer"
    NOT_HELPFUL = "not_helpful", "Not helpful"


class ReviewRating(models.Model):
    """The learner's rating of a review: one per review, which they may change."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="rating")
    helpfulness = models.CharField(max_length=20, choices=Helpfulness)
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.get_helpfulness_display()}: {self.review}"
