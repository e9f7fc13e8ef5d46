"""A queue you can see into: the learner's place and estimated wait, the caps on claims and on
waiting submissions, "My claims", mentors who are away, and submissions waiting too long."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from curriculum.models import Project
from portfolio.models import Notification, Submission, SubmissionStatus
from portfolio.review.queue import ClaimLimitReached, queue_places, submission_claim
from portfolio.submissions import SubmissionRefused, submission_create
from portfolio.tasks import email_mentors_about_submission
from tests.factories import UserFactory
from tests.portfolio.review_helpers import (
    claimed,
    learner_page_url,
    review_page_url,
    reviewed,
    submit,
)

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("review:queue")
CLAIMS_URL = reverse("review:claims")
DASHBOARD = reverse("portfolio:dashboard")


@pytest.fixture
def projects():
    return list(Project.objects.published().order_by("pk")[:40])


def learners(count, prefix="queued"):
    return [UserFactory(username=f"{prefix}{n}") for n in range(count)]


def past_reviews(mentor, projects, count, *, days_ago=1):
    """`count` reviews given `days_ago`, of other learners' submissions."""
    for n, author in enumerate(learners(count, prefix=f"reviewed{days_ago}-")):
        submission = submit(author, projects[n % len(projects)], hours_ago=24 * days_ago + 5)
        reviewed(submission, mentor, hours_ago=24 * days_ago)


# The learner's place and wait


def test_the_place_counts_the_submissions_waiting_before_it(learner, mentor, project, projects):
    others = learners(4)
    submit(others[0], projects[1], hours_ago=30)
    claimed(submit(others[1], projects[2], hours_ago=20), mentor)  # being reviewed: not in line
    expired = submit(others[2], projects[3], hours_ago=60)
    claimed(expired, mentor, hours_ago=49)  # its claim expired: back in line
    mine = submit(learner, project, hours_ago=10)
    submit(others[3], projects[4], hours_ago=1)  # after mine

    place = queue_places([mine])[mine.pk]

    assert place.ahead == 2
    assert place.position == 3


def test_the_wait_is_estimated_from_the_last_30_days_of_reviews(learner, mentor, project, projects):
    past_reviews(mentor, projects[1:], 15, days_ago=2)
    past_reviews(mentor, projects[1:], 5, days_ago=40)  # too old to count
    submit(UserFactory(username="first"), projects[0], hours_ago=5)
    mine = submit(learner, project, hours_ago=1)

    place = queue_places([mine])[mine.pk]

    # 15 reviews in 30 days: one every 2 days; second in line, about 4 days.
    assert place.wait == timedelta(days=4)


def test_the_learner_sees_place_and_wait_on_the_project_page_submission_page_and_dashboard(
    client, learner, mentor, project, projects
):
    past_reviews(mentor, projects[1:], 30)
    submit(UserFactory(username="first"), projects[0], hours_ago=5)
    mine = submit(learner, project)
    client.force_login(learner)

    pages = [
        client.get(project.get_absolute_url()),
        client.get(learner_page_url(mine)),
        client.get(DASHBOARD),
    ]

    for response in pages:
        text = response.content.decode()
        assert "<strong>2nd in the queue</strong> (1 waiting before it)." in text
        assert "Estimated wait: about 2 days, from the reviews of the last 30 days." in text


def test_without_recent_reviews_the_wait_is_not_estimated(client, learner, project):
    mine = submit(learner, project)
    client.force_login(learner)

    text = client.get(learner_page_url(mine)).content.decode()

    assert "<strong>1st in the queue</strong>." in text
    assert "No estimate of the wait yet: no submission was reviewed in the last 30 days." in text


def test_a_claimed_submission_says_who_reviews_it_instead_of_a_place(
    client, learner, mentor, project
):
    mine = claimed(submit(learner, project), mentor)
    client.force_login(learner)

    for url in (learner_page_url(mine), DASHBOARD):
        text = client.get(url).content.decode()
        assert "in the queue" not in text
        assert "Mira Mentor is reviewing it" in text


def test_places_cost_two_queries_for_any_number_of_waiting_submissions(
    learner, projects, django_assert_num_queries
):
    mine = [submit(learner, project, hours_ago=n) for n, project in enumerate(projects[:5])]
    Submission.objects.bulk_create(
        Submission(
            user=author,
            project=projects[n % 40],
            iteration=n // 40 + 1,
            repository_url="https://github.com/x/y",
            submitted_at=timezone.now() - timedelta(hours=10, minutes=n),
        )
        for n, author in enumerate(learners(1) * 200)
    )

    # the counts before each of them (one aggregate), the reviews of the last 30 days
    with django_assert_num_queries(2):
        places = queue_places(mine)

    assert sorted(place.position for place in places.values()) == [201, 202, 203, 204, 205]


@pytest.mark.parametrize("waiting", [1, 2])
def test_the_dashboard_costs_the_same_queries_whatever_waits(
    client, learner, projects, waiting, django_assert_max_num_queries
):
    for project in projects[:waiting]:
        submit(learner, project)
    for n, author in enumerate(learners(20)):
        submit(author, projects[n + 5])
    client.force_login(learner)

    # session, user, the catalog version, celebrations, projects in progress, their
    # milestones with ticks, submissions in review, their places in the queue, the reviews of
    # the last 30 days, completed work, level counts, levels, suggestion candidates, their
    # skills, practised skills, activity
    with django_assert_max_num_queries(16):
        response = client.get(DASHBOARD)

    assert response.content.decode().count("in the queue</strong>") == waiting


# Caps


def test_a_mentor_holds_at_most_4_live_claims(client, mentor, projects):
    submissions = [submit(author, projects[n]) for n, author in enumerate(learners(6))]
    for submission in submissions[:4]:
        claimed(submission, mentor)
    client.force_login(mentor)

    response = client.post(reverse("review:claim", args=[submissions[4].pk]), follow=True)

    assert (
        "You already hold 4 claims, the most at once: review or leave one of them (see My "
        "claims) before you claim another." in response.content.decode()
    )
    submissions[4].refresh_from_db()
    assert submissions[4].claimed_by is None
    # A claim that expired no longer counts; re-claiming one held is not a new claim.
    assert submission_claim(submission_id=submissions[0].pk, mentor=mentor) is False
    expired = timezone.now() - timedelta(hours=49)
    Submission.objects.filter(pk=submissions[0].pk).update(claimed_at=expired)
    assert claimed(submissions[4], mentor).claimed_by == mentor
    with pytest.raises(ClaimLimitReached):
        submission_claim(submission_id=submissions[5].pk, mentor=mentor)


def test_the_claim_cap_is_configurable(mentor, projects, settings):
    settings.REVIEW_CLAIM_LIMIT = 1
    first, second = (submit(author, projects[n]) for n, author in enumerate(learners(2)))
    claimed(first, mentor)

    with pytest.raises(ClaimLimitReached):
        submission_claim(submission_id=second.pk, mentor=mentor)
    assert submission_claim(submission_id=first.pk, mentor=mentor) is False


def test_a_learner_has_at_most_2_submissions_waiting(client, learner, mentor, projects):
    for project in projects[:2]:
        submission_create(user=learner, project=project, repository_url="https://x.org/a")
    client.force_login(learner)
    third = projects[2]
    url = reverse("portfolio:submission-new", args=[third.track.slug, third.slug])

    form_page = client.get(url, follow=True).content.decode()
    posted = client.post(url, {"repository_url": "https://x.org/b"}, follow=True)

    expected = (
        "You already have 2 submissions waiting for a review, the most at once. Send this one "
        "when a mentor has reviewed one of them."
    )
    assert expected in form_page
    assert expected in posted.content.decode()
    assert Submission.objects.filter(user=learner).count() == 2
    # Once one is reviewed, the next may go.
    reviewed(Submission.objects.filter(user=learner).first(), mentor)
    assert submission_create(user=learner, project=third, repository_url="https://x.org/b")


def test_the_waiting_limit_is_configurable(learner, projects, settings):
    settings.SUBMISSIONS_WAITING_LIMIT = 1
    submission_create(user=learner, project=projects[0], repository_url="https://x.org/a")

    with pytest.raises(SubmissionRefused, match="You already have 1 submission waiting"):
        submission_create(user=learner, project=projects[1], repository_url="https://x.org/b")


# My claims


def test_my_claims_shows_the_time_left_on_each_claim(client, mentor, other_mentor, projects):
    authors = learners(3)
    claimed(submit(authors[0], projects[0]), mentor, hours_ago=40)
    claimed(submit(authors[1], projects[1]), mentor, hours_ago=1)
    claimed(submit(authors[2], projects[2]), other_mentor)
    client.force_login(mentor)

    text = client.get(CLAIMS_URL).content.decode().replace("\xa0", " ")

    assert "You hold 2 of the 4 claims" in text
    assert "Expires in <strong>7 hours, 59 minutes</strong>" in text
    assert "Expires in <strong>1 day, 22 hours</strong>" in text
    titles = [escape(project.title) for project in projects[:3]]
    assert text.index(titles[0]) < text.index(titles[1])  # the soonest to expire first
    assert titles[2] not in text


@pytest.mark.parametrize("persona", ["anonymous", "learner"])
def test_my_claims_is_for_mentors_only(request, client, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    assert client.get(CLAIMS_URL).status_code == 404


def test_my_claims_costs_the_same_queries_for_5_or_200_claims(
    client, mentor, projects, django_assert_max_num_queries
):
    authors = learners(5)
    client.force_login(mentor)
    counts = []
    for count, start in [(5, 0), (195, 5)]:
        # Written directly: the cap would stop at 4, and the page must not depend on it.
        Submission.objects.bulk_create(
            Submission(
                user=authors[n % 5],
                project=projects[n % 40],
                iteration=n // 40 + 1,
                repository_url="https://github.com/x/y",
                status=SubmissionStatus.IN_REVIEW,
                claimed_by=mentor,
                claimed_at=timezone.now() - timedelta(minutes=n),
            )
            for n in range(start, start + count)
        )
        # session, user, is a mentor, their second factor, the live claims with learner,
        # project, track and level
        with django_assert_max_num_queries(5) as queries:
            response = client.get(CLAIMS_URL)
        counts.append(len(queries.captured_queries))
        assert response.content.decode().count('class="card claim"') == start + count
    assert counts[0] == counts[1]


# Away


def test_a_mentor_away_hears_nothing_of_new_submissions_until_they_are_back(
    client, learner, mentor, other_mentor, project
):
    client.force_login(mentor)
    response = client.post(
        reverse("accounts:profile"),
        {
            "username": "mira",
            "display_name": "Mira Mentor",
            "notify_new_submissions": "on",
            "away_until": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302

    submission_create(user=learner, project=project, repository_url="https://x.org/a")

    assert not Notification.objects.filter(user=mentor).exists()
    assert Notification.objects.filter(user=other_mentor).count() == 1
    assert email_mentors_about_submission.call(Submission.objects.get().pk) == 1
    assert mail.outbox[-1].recipients() == [other_mentor.email]
    mentor.away_until = timezone.localdate() - timedelta(days=1)
    mentor.save()
    submission_create(
        user=UserFactory(username="later"), project=project, repository_url="https://x.org/b"
    )
    assert Notification.objects.filter(user=mentor).count() == 1


def test_the_away_date_is_for_mentors_and_cannot_be_in_the_past(client, learner, mentor):
    client.force_login(learner)
    assert "away_until" not in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(mentor)

    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Mira Mentor", "away_until": date(2020, 1, 1).isoformat()},
    )

    assert "Choose today or a later day, or leave it empty." in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.away_until is None


# Waiting too long


def test_submissions_waiting_longer_than_the_target_are_marked_in_words(
    client, mentor, other_mentor, projects
):
    authors = learners(3)
    old = submit(authors[0], projects[0], hours_ago=24 * 3 + 1)
    submit(authors[1], projects[1], hours_ago=24 * 3 - 1)
    claimed(submit(authors[2], projects[2], hours_ago=24 * 5), other_mentor)  # someone has it
    client.force_login(mentor)

    text = client.get(QUEUE_URL).content.decode()

    assert text.count("Waiting longer than 3 days") == 1
    card = text[text.index(review_page_url(old)) :]
    assert card.index("Waiting longer than 3 days") < card.index("</li>")


def test_the_wait_target_is_configurable(client, mentor, projects, settings):
    settings.REVIEW_WAIT_TARGET_DAYS = 1
    submit(learners(1)[0], projects[0], hours_ago=25)
    client.force_login(mentor)

    assert "Waiting longer than 1 day<" in client.get(QUEUE_URL).content.decode()


def test_a_claimed_submission_costs_the_project_page_no_queue_queries(
    client, learner, mentor, project, django_assert_max_num_queries
):
    claimed(submit(learner, project), mentor)
    client.force_login(learner)
    url = project.get_absolute_url()

    # session, user, the catalog version, project, milestones, track order, skills, guidance
    # blocks, the learner's ticks, status, time and submission count in one statement,
    # submissions with reviews, their screenshots: no place in the queue to count, and the
    # claimant is not read
    with django_assert_max_num_queries(11):
        response = client.get(url)
    # A revisit: the catalog's part is cached, the learner's six queries are left.
    with django_assert_max_num_queries(6):
        assert "in the queue" not in client.get(url).content.decode()

    assert "in the queue" not in response.content.decode()
