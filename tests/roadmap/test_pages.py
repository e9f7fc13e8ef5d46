import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_home_page_invites_visitors_to_sign_up(client, django_assert_max_num_queries):
    # the catalog version, the published tracks with their counts
    with django_assert_max_num_queries(2):
        response = client.get(reverse("home"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Learn Python by building real projects" in body
    assert reverse("account_signup") in body
    assert 'href="#main"' in body  # skip link
    assert "125 Python Projects — From Novice to Principal Engineer" in body


def test_the_home_page_greets_a_signed_in_learner(client, learner, django_assert_max_num_queries):
    client.force_login(learner)

    # session, user, tracks
    with django_assert_max_num_queries(3):
        response = client.get(reverse("home"))

    assert "Welcome back, Lena Learner." in response.content.decode()
    assert "Sign out" in response.content.decode()


@pytest.mark.django_db
def test_pages_send_the_csrf_token_with_every_htmx_request(client):
    body = client.get(reverse("home")).content.decode()

    assert 'hx-headers=\'{"X-CSRFToken": "' in body
    assert "/static/js/htmx.min.js" in body


@pytest.mark.django_db
def test_allauth_pages_use_the_site_layout(client):
    body = client.get(reverse("account_login")).content.decode()

    assert 'class="site-header"' in body
    assert 'class="site-footer"' in body
    assert "auth-page" in body
