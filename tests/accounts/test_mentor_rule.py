"""Who is a mentor: one rule (accounts.models.MENTOR) for the header, the queue, the
notifications and the admin."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory, add_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_only(db):
    """Has admin access (e.g. an editor) without being in the Mentors group (and so, like
    anyone with admin access, two-factor sign-in)."""
    return add_two_factor(UserFactory(username="stan", is_staff=True))


@pytest.fixture
def former_mentor(mentor):
    mentor.is_active = False
    mentor.save(update_fields=["is_active"])
    return mentor


@pytest.mark.parametrize(
    ("persona", "is_mentor"),
    [
        ("learner", False),
        ("staff_only", False),
        ("mentor", True),
        ("site_admin", True),
        ("former_mentor", False),
    ],
)
def test_the_property_and_the_queryset_agree(request, persona, is_mentor):
    user = request.getfixturevalue(persona)
    fresh = User.objects.get(pk=user.pk)

    assert fresh.is_mentor is is_mentor
    assert User.objects.mentors().filter(pk=user.pk).exists() is is_mentor


@pytest.mark.parametrize(
    ("persona", "sees_review"),
    [("learner", False), ("staff_only", False), ("mentor", True), ("site_admin", True)],
)
def test_the_review_link_and_the_queue_follow_the_rule(client, request, persona, sees_review):
    client.force_login(request.getfixturevalue(persona))

    home = client.get("/").content.decode()
    queue = client.get(reverse("review:queue"))

    assert (f'href="{reverse("review:queue")}"' in home) is sees_review
    assert queue.status_code == (200 if sees_review else 404)


def test_a_learner_pays_no_query_for_the_rule(learner, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not learner.is_mentor


def test_the_admin_lists_mentors_by_the_rule(client, site_admin, mentor, staff_only):
    client.force_login(site_admin)

    body = client.get(reverse("admin:accounts_user_changelist")).content.decode()

    rows = {
        username: row
        for username in ("ada", "mira", "stan")
        for row in body.split("<tr")
        if f">{username}</a>" in row
    }
    assert 'alt="True"' in rows["ada"]
    assert 'alt="True"' in rows["mira"]
    assert 'alt="False"' in rows["stan"]


def test_the_people_app_is_not_a_second_accounts_section(client, site_admin):
    client.force_login(site_admin)

    body = client.get(reverse("admin:index")).content.decode()

    assert body.count(">Accounts<") == 1
    assert ">People<" in body
