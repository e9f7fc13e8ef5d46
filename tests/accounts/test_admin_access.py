import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import MENTORS_GROUP


def test_the_mentors_group_exists_after_migrating(db):
    assert Group.objects.filter(name=MENTORS_GROUP).exists()


def test_anonymous_visitors_are_sent_to_the_sign_in_page(client, db):
    response = client.get("/admin/", follow=True)

    final_url, _ = response.redirect_chain[-1]
    assert final_url.startswith(reverse("account_login"))
    assert "next=" in final_url


def test_the_admin_login_page_goes_through_allauth(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_learner_is_refused_the_admin(client, learner):
    client.force_login(learner)

    for url in ["/admin/", reverse("admin:accounts_user_changelist")]:
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        assert "_auth_user_id" in client.session  # refused, not signed out


def test_a_mentor_reaches_the_admin(client, mentor):
    client.force_login(mentor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Roadmap administration" in response.content.decode()


@pytest.mark.parametrize("action", ["make_mentor", "remove_mentor"])
def test_an_admin_changes_the_mentor_role_with_one_action(client, site_admin, learner, action):
    if action == "remove_mentor":
        learner.make_mentor()
    client.force_login(site_admin)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": action, "_selected_action": [learner.pk]},
        follow=True,
    )

    learner.refresh_from_db()
    becomes_mentor = action == "make_mentor"
    assert response.status_code == 200
    assert learner.is_mentor is becomes_mentor
    assert learner.is_staff is becomes_mentor
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_removing_the_mentor_role_keeps_an_admin_in_the_admin(site_admin):
    site_admin.make_mentor()
    site_admin.remove_mentor()

    site_admin.refresh_from_db()
    assert site_admin.is_staff
    assert not site_admin.groups.filter(name=MENTORS_GROUP).exists()
    assert site_admin.is_mentor  # as an admin: admins review too
