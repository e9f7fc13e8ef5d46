"""Feedback on feedback: the learner rates the review once (and may change it), the mentor and
admins read it, and a mentor's page sums up their reviews."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Helpfulness, Review, ReviewRating, Submission, Verdict
from portfolio.review.conversation import conversation_post
from portfolio.review.feedback import mentor_feedback
from portfolio.review.verdict import review_create
from tests.factories import UserFactory
from tests.portfolio.review_helpers import (
    claimed,
    learner_page_url,
    review_page_url,
    reviewed,
    submit,
)

pytestmark = pytest.mark.django_db
MY_PAGE = reverse("review:me")


def rating_url(submission):
    return reverse("portfolio:submission-rating", args=[submission.pk])


def rate(client, submission, helpfulness="helpful", comment=""):
    return client.post(
        rating_url(submission), {"helpfulness": helpfulness, "comment": comment}, follow=True
    )


def mentor_page(username):
    return reverse("review:mentor", args=[username])


# Rating a review


def test_the_learner_rates_the_review_once_and_may_change_it(client, learner, mentor, submission):
    review = reviewed(submission, mentor)
    client.force_login(learner)

    first = rate(client, submission, "could_be_clearer", "Which tests?")
    second = rate(client, submission, "helpful", "Clear now, thanks.")

    assert "Thank you for rating the review." in first.content.decode()
    assert "Your rating is updated." in second.content.decode()
    rating = ReviewRating.objects.get()
    assert (rating.review, rating.helpfulness, rating.comment) == (
        review,
        Helpfulness.HELPFUL,
        "Clear now, thanks.",
    )
    page = client.get(learner_page_url(submission)).content.decode()
    assert re.search(r'value="helpful"[^>]*checked', page)
    assert not re.search(r'value="could_be_clearer"[^>]*checked', page)
    assert "Clear now, thanks." in page
    assert "Update my rating" in page


def test_rating_before_the_verdict_is_refused_and_changes_nothing(
    client, learner, mentor, submission
):
    claimed(submission, mentor)
    client.force_login(learner)

    page = client.get(learner_page_url(submission)).content.decode()
    response = rate(client, submission)

    assert "Rate the review" not in page
    assert "You can rate the review once a mentor has given it." in response.content.decode()
    assert not ReviewRating.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"comment": "no choice"}, "Choose one of the three answers."),
        ({"helpfulness": "amazing"}, "Select a valid choice. amazing is not one of the"),
        (
            {"helpfulness": "helpful", "comment": "x" * 1001},
            "Ensure this value has at most 1000 characters (it has 1001).",
        ),
    ],
)
def test_a_bad_rating_is_explained_and_changes_nothing(
    client, learner, mentor, submission, data, error
):
    reviewed(submission, mentor)
    client.force_login(learner)
    rate(client, submission, "not_helpful", "Too short.")

    response = client.post(rating_url(submission), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    rating = ReviewRating.objects.get()
    assert (rating.helpfulness, rating.comment) == ("not_helpful", "Too short.")


@pytest.mark.parametrize("persona", ["anonymous", "other_learner", "mentor", "other_mentor"])
def test_only_the_learner_rates(request, client, persona, learner, mentor, submission):
    reviewed(submission, mentor)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    assert client.post(rating_url(submission), {"helpfulness": "helpful"}).status_code == 404
    assert not ReviewRating.objects.exists()


def test_the_rating_is_read_by_the_reviewer_and_admins_only(
    client, learner, mentor, other_mentor, site_admin, submission
):
    reviewed(submission, mentor)
    client.force_login(learner)
    rate(client, submission, "could_be_clearer", "Say which file.")

    for user in (mentor, site_admin):
        client.force_login(user)
        page = client.get(review_page_url(submission)).content.decode()
        assert "Could be clearer" in page and "Say which file." in page, user
    client.force_login(other_mentor)
    page = client.get(review_page_url(submission)).content.decode()
    assert "Say which file." not in page
    assert "Could be clearer" not in page


# The mentor's page


def reviewed_at(mentor, project, *, submitted_days_ago, first_message_after=None, verdict_after):
    """A submission sent `submitted_days_ago`, answered by `mentor` after the given times."""
    author = UserFactory(username=f"author{Submission.objects.count()}")
    submitted = timezone.now() - timedelta(days=submitted_days_ago)
    submission = submit(author, project, hours_ago=24 * submitted_days_ago)
    claimed(submission, mentor, hours_ago=24 * submitted_days_ago - 1)
    if first_message_after:
        conversation_post(
            submission=submission,
            author=mentor,
            body="A question",
            now=submitted + first_message_after,
        )
    return review_create(
        submission=submission,
        reviewer=mentor,
        verdict=Verdict.APPROVE,
        comment="",
        rubric={},
        now=submitted + verdict_after,
    )


def test_the_mentor_page_gives_reviews_medians_and_ratings(client, mentor, project):
    hours = timedelta(hours=1)
    reviewed_at(
        mentor,
        project,
        submitted_days_ago=10,
        first_message_after=2 * hours,
        verdict_after=20 * hours,
    )
    reviewed_at(mentor, project, submitted_days_ago=9, verdict_after=4 * hours)
    rated = reviewed_at(
        mentor,
        project,
        submitted_days_ago=5,
        first_message_after=6 * hours,
        verdict_after=30 * hours,
    )
    ReviewRating.objects.create(review=rated, helpfulness="not_helpful", comment="Too terse.")
    client.force_login(mentor)

    text = client.get(MY_PAGE).content.decode()

    # First responses: 2 h, 4 h (the verdict), 6 h → 4 h. Verdicts: 20 h, 4 h, 30 h → 20 h.
    assert "<dt>Reviews given</dt><dd>3</dd>" in text
    assert "<dt>Median time to first response</dt><dd>about 4 hours</dd>" in text
    assert "<dt>Median time to the verdict</dt><dd>about 20 hours</dd>" in text
    assert '<th scope="row">Not helpful</th><td>1</td>' in text
    assert '<th scope="row">Helpful</th><td>0</td>' in text
    assert "Too terse." in text


def test_the_period_can_be_all_time_and_a_bad_one_is_explained(client, mentor, project):
    reviewed_at(mentor, project, submitted_days_ago=60, verdict_after=timedelta(hours=3))
    reviewed_at(mentor, project, submitted_days_ago=3, verdict_after=timedelta(hours=5))
    client.force_login(mentor)

    recent = client.get(MY_PAGE).content.decode()
    all_time = client.get(MY_PAGE, {"period": "all"}).content.decode()
    bad = client.get(MY_PAGE, {"period": "forever"}).content.decode()

    assert "<dt>Reviews given</dt><dd>1</dd>" in recent
    assert "<dt>Reviews given</dt><dd>2</dd>" in all_time
    assert "<dt>Median time to the verdict</dt><dd>about 4 hours</dd>" in all_time
    assert "This filter was ignored." in bad
    assert "<dt>Reviews given</dt><dd>1</dd>" in bad


def test_a_mentor_without_reviews_sees_dashes(client, mentor):
    client.force_login(mentor)

    text = client.get(MY_PAGE).content.decode()

    assert "<dt>Reviews given</dt><dd>0</dd>" in text
    assert "<dt>Median time to first response</dt><dd>—</dd>" in text
    assert "No rating yet in this period." in text


def test_admins_see_any_mentors_page_and_other_mentors_get_404(
    client, mentor, other_mentor, site_admin, learner, project
):
    reviewed_at(mentor, project, submitted_days_ago=2, verdict_after=timedelta(hours=1))

    client.force_login(site_admin)
    as_admin = client.get(mentor_page("mira"))
    client.force_login(other_mentor)
    as_other = client.get(mentor_page("mira"))
    client.force_login(mentor)
    as_self = client.get(mentor_page("mira"))
    client.force_login(learner)
    as_learner = [client.get(mentor_page("mira")), client.get(MY_PAGE)]
    client.logout()
    anonymous = [client.get(mentor_page("mira")), client.get(MY_PAGE)]

    assert as_admin.status_code == 200
    assert "Reviews by Mira Mentor" in as_admin.content.decode()
    assert "<dt>Reviews given</dt><dd>1</dd>" in as_admin.content.decode()
    assert as_other.status_code == 404
    assert as_self.status_code == 200
    assert [r.status_code for r in as_learner + anonymous] == [404] * 4


def test_the_mentor_page_costs_the_same_queries_for_2_or_60_reviews(
    client, mentor, project, django_assert_max_num_queries
):
    client.force_login(mentor)
    counts = []
    for batch in (2, 58):
        for n in range(batch):
            review = reviewed_at(
                mentor, project, submitted_days_ago=2, verdict_after=timedelta(minutes=90 + n)
            )
            ReviewRating.objects.create(review=review, helpfulness="helpful", comment=f"Nice {n}")
        # session, user, is a mentor, their second factor, the reviews' times, the ratings'
        # counts, the latest comments with their submission and project
        with django_assert_max_num_queries(7) as queries:
            response = client.get(MY_PAGE)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    assert f"<dt>Reviews given</dt><dd>{Review.objects.count()}</dd>" in response.content.decode()


def test_mentor_feedback_reads_only_that_mentors_reviews(mentor, other_mentor, project):
    reviewed_at(other_mentor, project, submitted_days_ago=2, verdict_after=timedelta(hours=1))

    assert mentor_feedback(mentor, days=None).reviews == 0
    assert mentor_feedback(other_mentor, days=None).reviews == 1
