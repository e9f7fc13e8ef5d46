"""Feedback on feedback: the learner rates the review they got, and a mentor's page sums up
their reviews (how many, how fast, how they were rated)."""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.db.models import Count, Min, OuterRef, Subquery
from django.utils import timezone

from portfolio.models import Helpfulness, Message, MessageKind, Review, ReviewRating

COMMENTS_SHOWN = 50
NOT_RATABLE_MESSAGE = "You can rate the review once a mentor has given it."


class NotReviewed(Exception):
    """There is no review to rate yet."""


def review_rate(*, submission, helpfulness: str, comment: str, now=None) -> bool:
    """Save the learner's rating of the review of `submission`; True when it is the first,
    False when it changed an earlier one. Raises NotReviewed before the verdict."""
    now = now or timezone.now()
    review = Review.objects.filter(submission=submission).first()
    if review is None:
        raise NotReviewed
    _, created = ReviewRating.objects.update_or_create(
        review=review,
        defaults={"helpfulness": helpfulness, "comment": comment, "updated_at": now},
        create_defaults={
            "helpfulness": helpfulness,
            "comment": comment,
            "created_at": now,
            "updated_at": now,
        },
    )
    return created


@dataclass(frozen=True)
class MentorFeedback:
    reviews: int
    first_response: timedelta | None  # median, submission → first message or verdict
    verdict: timedelta | None  # median, submission → verdict
    ratings: list[tuple[str, int]]  # (label, count) for every answer, in order
    comments: list[ReviewRating]  # the latest ratings with a comment

    @property
    def rated(self) -> int:
        return sum(count for _, count in self.ratings)


def mentor_feedback(mentor, *, days: int | None, now=None) -> MentorFeedback:
    """The reviews `mentor` gave in the last `days` days (all time when None). Three queries,
    whatever their number: the reviews' times, the ratings' counts, the latest comments."""
    now = now or timezone.now()
    reviews = Review.objects.filter(reviewer=mentor)
    if days is not None:
        reviews = reviews.filter(created_at__gte=now - timedelta(days=days))
    first_message = (
        Message.objects.filter(
            submission=OuterRef("submission"), author=mentor, kind=MessageKind.MESSAGE
        )
        .values("submission")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    times = reviews.annotate(first_message_at=Subquery(first_message)).values_list(
        "submission__submitted_at", "first_message_at", "created_at"
    )
    to_first, to_verdict = [], []
    for submitted_at, first_message_at, reviewed_at in times:
        to_first.append(min(first_message_at or reviewed_at, reviewed_at) - submitted_at)
        to_verdict.append(reviewed_at - submitted_at)
    ratings = dict(
        ReviewRating.objects.filter(review__in=reviews)
        .values_list("helpfulness")
        .annotate(count=Count("pk"))
    )
    comments = (
        ReviewRating.objects.filter(review__in=reviews)
        .exclude(comment="")
        .select_related("review__submission__project")
        .order_by("-updated_at")[:COMMENTS_SHOWN]
    )
    return MentorFeedback(
        reviews=len(to_verdict),
        first_response=median(to_first) if to_first else None,
        verdict=median(to_verdict) if to_verdict else None,
        ratings=[(choice.label, ratings.get(choice.value, 0)) for choice in Helpfulness],
        comments=list(comments),
    )
