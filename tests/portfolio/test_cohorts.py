"""Cohorts: mentors create them, learners join by invite after consenting, the matrix shows
the cohort's progress to its mentors only, and leaving keeps the learner's work theirs."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from curriculum.models import MilestoneKind, Project, Track
from portfolio.models import Cohort, CohortMembership, MilestoneCheck, ProjectEvent, ProjectProgress
from portfolio.progress import milestone_set_done
from tests.factories import UserFactory, add_two_factor
from tests.portfolio.review_helpers import submit

pytestmark = pytest.mark.django_db

TRACK = "novice-to-principal"


@pytest.fixture
def cohort(mentor):
    cohort = Cohort.objects.create(
        name="Spring class", track=Track.objects.get(slug=TRACK), starts_on=date(2026, 3, 1)
    )
    cohort.mentors.add(mentor)
    return cohort


def join(client, cohort):
    return client.post(reverse("cohorts:join", args=[cohort.invite_code]))


def first_project():
    return Project.objects.get(track__slug=TRACK, level__position=1, position=1)


def tick(learner, project, count):
    milestones = project.milestones.active().filter(kind=MilestoneKind.CORE).order_by("position")
    for milestone in milestones[:count]:
        milestone_set_done(user=learner, milestone=milestone, done=True)


# Creating


def test_a_mentor_creates_a_cohort_and_gets_an_invite_link(client, mentor):
    client.force_login(mentor)
    track = Track.objects.get(slug=TRACK)

    response = client.post(
        reverse("cohorts:new"),
        {"name": "Autumn", "track": track.pk, "starts_on": "2026-09-01", "mentors": [mentor.pk]},
    )

    cohort = Cohort.objects.get(name="Autumn")
    assert response.url == cohort.get_absolute_url()
    assert list(cohort.mentors.all()) == [mentor]
    assert cohort.created_by == mentor
    page = client.get(response.url).content.decode()
    assert f"/cohorts/join/{cohort.invite_code}/" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"starts_on": "someday"}, "Enter a valid date."),
        ({"track": "999999"}, "Select a valid choice."),
        ({"mentors": []}, "This field is required."),
    ],
)
def test_a_bad_cohort_form_says_why_and_creates_nothing(client, mentor, change, message):
    client.force_login(mentor)
    data = {
        "name": "Autumn",
        "track": Track.objects.get(slug=TRACK).pk,
        "starts_on": "2026-09-01",
        "mentors": [mentor.pk],
    } | change

    response = client.post(reverse("cohorts:new"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Cohort.objects.exists()


def test_only_mentors_and_admins_create_cohorts(client, learner, site_admin):
    client.force_login(learner)
    assert client.get(reverse("cohorts:new")).status_code == 404
    client.force_login(site_admin)
    assert client.get(reverse("cohorts:new")).status_code == 200


def test_a_learner_cannot_be_named_a_mentor(client, mentor, learner):
    client.force_login(mentor)
    response = client.post(
        reverse("cohorts:new"),
        {
            "name": "Autumn",
            "track": Track.objects.get(slug=TRACK).pk,
            "starts_on": "2026-09-01",
            "mentors": [learner.pk],
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Cohort.objects.exists()


# Joining


def test_the_consent_screen_says_what_mentors_will_see_before_anything_happens(
    client, learner, cohort
):
    client.force_login(learner)

    page = client.get(reverse("cohorts:join", args=[cohort.invite_code])).content.decode()

    assert "What its mentors will see" in page
    assert "They do not see your email address" in page
    assert "Mira Mentor" in page
    assert not CohortMembership.objects.exists()


def test_a_learner_joins_by_link_once(client, learner, cohort):
    client.force_login(learner)

    join(client, cohort)
    again = client.post(reverse("cohorts:join", args=[cohort.invite_code]), follow=True)

    assert CohortMembership.objects.active().filter(cohort=cohort, learner=learner).count() == 1
    assert "You are already in Spring class." in again.content.decode()


def test_a_wrong_code_is_explained(client, learner, cohort):
    client.force_login(learner)

    typed = client.get(reverse("cohorts:join-by-code"), {"code": "nope"})
    linked = client.get(reverse("cohorts:join", args=["nope"]))

    assert "No cohort has this code" in typed.content.decode()
    assert linked.status_code == 404
    found = client.get(reverse("cohorts:join-by-code"), {"code": f" {cohort.invite_code} "})
    assert found.url == reverse("cohorts:join", args=[cohort.invite_code])


def test_joining_needs_a_signed_in_user_and_a_post(client, learner, cohort):
    url = reverse("cohorts:join", args=[cohort.invite_code])
    assert client.post(url).url.startswith(reverse("account_login"))
    assert not CohortMembership.objects.exists()


def test_a_new_invite_link_retires_the_old_one(client, mentor, learner, cohort):
    old = cohort.invite_code
    client.force_login(mentor)
    client.post(reverse("cohorts:new-code", args=[cohort.pk]))
    cohort.refresh_from_db()

    client.force_login(learner)
    assert cohort.invite_code != old
    assert client.get(reverse("cohorts:join", args=[old])).status_code == 404


# The matrix


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor", 200), ("site_admin", 200), ("other_mentor", 404), ("learner", 404)],
)
def test_only_the_cohorts_mentors_and_admins_see_its_page(request, client, cohort, persona, status):
    if persona == "other_mentor":
        user = UserFactory(username="max")
        user.make_mentor()
        add_two_factor(user)
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)

    for name in ["cohorts:detail", "cohorts:csv", "cohorts:new-code"]:
        method = client.post if name == "cohorts:new-code" else client.get
        assert method(reverse(name, args=[cohort.pk])).status_code in {
            status,
            302 if status == 200 else 404,
        }


def test_the_matrix_shows_each_learners_status_and_progress_in_words(
    client, mentor, learner, other_learner, cohort
):
    for user in (learner, other_learner):
        client.force_login(user)
        join(client, cohort)
    project = first_project()
    tick(learner, project, 2)
    ProjectProgress.objects.record(
        user=other_learner, project_id=project.pk, event=ProjectEvent.SUBMIT
    )
    client.force_login(mentor)

    page = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()

    total = project.milestones.active().filter(kind=MilestoneKind.CORE).count()
    lena_row = page.split("Lena Learner")[1].split("</tr>")[0]
    otto_row = page.split("Otto Other")[1].split("</tr>")[0]
    assert f'In progress <span class="muted">2/{total}</span>' in lena_row
    assert f'Submitted <span class="muted">0/{total}</span>' in otto_row
    assert "ago</time>" in lena_row


def test_the_matrix_sorts_by_name_activity_and_progress(client, mentor, cohort):
    names = ["Cleo", "Abe", "Bea"]
    for count, name in enumerate(names, 1):
        user = UserFactory(username=name.lower(), display_name=name)
        CohortMembership.objects.create(cohort=cohort, learner=user)
        tick(user, first_project(), count)
    client.force_login(mentor)

    def order(sort):
        page = client.get(
            reverse("cohorts:detail", args=[cohort.pk]), {"sort": sort}
        ).content.decode()
        return sorted(names, key=page.index)

    assert order("name") == ["Abe", "Bea", "Cleo"]
    assert order("progress") == ["Bea", "Abe", "Cleo"][::-1] or order("progress") == [
        "Bea",
        "Abe",
        "Cleo",
    ]
    assert order("activity")[0] == "Bea"  # ticked last
    assert order("nonsense") == ["Abe", "Bea", "Cleo"]


@pytest.mark.parametrize("size", [5, 200])
def test_the_matrix_costs_the_same_queries_for_5_or_200_learners(
    client, mentor, cohort, size, django_assert_max_num_queries
):
    users = [UserFactory(username=f"m{n}") for n in range(size)]
    CohortMembership.objects.bulk_create(
        [CohortMembership(cohort=cohort, learner=user) for user in users]
    )
    for user in users[:5]:
        tick(user, first_project(), 1)
    client.force_login(mentor)

    # session, user, is a mentor, has a second factor, cohort, its mentors, the track's
    # projects, members count, a page of members (with last activity and milestones done),
    # their progress rows, their tick counts
    with django_assert_max_num_queries(11):
        response = client.get(reverse("cohorts:detail", args=[cohort.pk]))

    assert response.status_code == 200


def test_the_csv_holds_every_member_and_nothing_of_other_tracks(
    client, mentor, learner, other_learner, cohort
):
    client.force_login(learner)
    join(client, cohort)
    tick(learner, first_project(), 1)
    elsewhere = Project.objects.exclude(track__slug=TRACK).filter(track__is_published=True).first()
    tick(learner, elsewhere, 1)
    tick(other_learner, first_project(), 2)  # not in the cohort
    client.force_login(mentor)

    response = client.get(reverse("cohorts:csv", args=[cohort.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, *learners = rows
    assert header[:5] == ["learner", "username", "joined", "last activity", "milestones done"]
    assert elsewhere.title not in header
    assert len(header) == 5 + Project.objects.published().filter(track__slug=TRACK).count()
    assert [row[1] for row in learners] == ["lena"]
    assert learners[0][4] == "1"
    assert learners[0][5].startswith("In progress 1/")
    assert "attachment" in response["Content-Disposition"]


# Leaving


def test_a_learner_leaves_after_confirming_and_keeps_their_work(client, mentor, learner, cohort):
    client.force_login(learner)
    join(client, cohort)
    tick(learner, first_project(), 1)
    url = reverse("cohorts:leave", args=[cohort.pk])

    assert "Leave Spring class?" in client.get(url).content.decode()
    assert CohortMembership.objects.active().filter(learner=learner).exists()
    client.post(url)

    assert not CohortMembership.objects.active().filter(learner=learner).exists()
    assert MilestoneCheck.objects.filter(user=learner).count() == 1
    client.force_login(mentor)
    assert "Lena Learner" not in client.get(cohort.get_absolute_url()).content.decode()
    client.force_login(learner)
    join(client, cohort)  # and may come back
    assert CohortMembership.objects.active().filter(learner=learner).count() == 1


def test_leaving_a_cohort_you_are_not_in_is_a_404(client, learner, cohort):
    client.force_login(learner)
    assert client.post(reverse("cohorts:leave", args=[cohort.pk])).status_code == 404


def test_the_cohorts_page_lists_what_you_run_and_what_you_are_in(client, mentor, learner, cohort):
    client.force_login(learner)
    join(client, cohort)
    assert "Spring class" in client.get(reverse("cohorts:list")).content.decode()
    assert "Create a cohort" not in client.get(reverse("cohorts:list")).content.decode()
    client.force_login(mentor)
    page = client.get(reverse("cohorts:list")).content.decode()
    assert "Create a cohort" in page and cohort.get_absolute_url() in page


# The review queue


def test_the_queue_shows_a_mentors_cohort_first_and_filters_to_it(
    client, mentor, learner, other_learner, cohort
):
    CohortMembership.objects.create(cohort=cohort, learner=learner)
    outsider = submit(other_learner, first_project(), hours_ago=50)  # waited longer
    mine = submit(learner, first_project(), hours_ago=2)
    elsewhere = Project.objects.published().exclude(track__slug=TRACK).first()
    other_track = submit(learner, elsewhere, hours_ago=80)  # in the cohort, not its track
    client.force_login(mentor)
    queue = reverse("review:queue")

    page = client.get(queue).content.decode()
    mine_url, outsider_url = (reverse("review:submission", args=[s.pk]) for s in (mine, outsider))
    other_track_url = reverse("review:submission", args=[other_track.pk])
    assert page.index(mine_url) < page.index(other_track_url) < page.index(outsider_url)
    assert page.split(mine_url)[1].split("</li>")[0].count("in your cohort") == 1
    assert "in your cohort" not in page.split(other_track_url)[1].split("</li>")[0]

    filtered = client.get(queue, {"learners": "cohorts"}).content.decode()
    assert mine_url in filtered
    assert outsider_url not in filtered and other_track_url not in filtered


def test_another_mentors_queue_is_oldest_first(client, learner, other_learner, cohort):
    CohortMembership.objects.create(cohort=cohort, learner=learner)
    outsider = submit(other_learner, first_project(), hours_ago=50)
    mine = submit(learner, first_project(), hours_ago=2)
    max_mentor = UserFactory(username="max")
    max_mentor.make_mentor()
    add_two_factor(max_mentor)
    client.force_login(max_mentor)

    page = client.get(reverse("review:queue")).content.decode()

    urls = [reverse("review:submission", args=[s.pk]) for s in (outsider, mine)]
    assert page.index(urls[0]) < page.index(urls[1])
    assert "in your cohort" not in page
    nothing = client.get(reverse("review:queue"), {"learners": "cohorts"}).content.decode()
    assert "No submission is waiting with these filters" in nothing


def test_a_crafted_learners_filter_is_explained_and_ignored(client, mentor):
    client.force_login(mentor)
    body = client.get(reverse("review:queue"), {"learners": "everyone-else"}).content.decode()
    assert "This filter was ignored." in body
