from django.urls import reverse

PROFILE = reverse("accounts:profile")


def test_anonymous_visitors_are_asked_to_sign_in(client, db):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={PROFILE}"


def test_a_learner_edits_display_name_bio_and_github_username(client, learner):
    client.force_login(learner)

    response = client.post(
        PROFILE,
        {
            "username": "lena",
            "display_name": "Lena L.",
            "bio": "Learning Python.",
            "github_username": "@lena-codes",
        },
        follow=True,
    )

    learner.refresh_from_db()
    assert (learner.display_name, learner.bio, learner.github_username) == (
        "Lena L.",
        "Learning Python.",
        "lena-codes",
    )
    assert "Your profile is saved." in response.content.decode()


def test_an_invalid_github_username_is_explained_and_nothing_is_saved(client, learner):
    client.force_login(learner)

    response = client.post(
        PROFILE,
        {
            "username": "lena",
            "display_name": "Changed",
            "bio": "",
            "github_username": "not a valid name!",
        },
    )

    learner.refresh_from_db()
    assert response.status_code == 200
    assert "Enter a GitHub username" in response.content.decode()
    assert learner.display_name == "Lena Learner"
    # What the user typed stays in the form so nothing is lost.
    assert 'value="Changed"' in response.content.decode()


def test_the_profile_page_stays_within_its_query_budget(
    client, learner, django_assert_max_num_queries
):
    client.force_login(learner)

    # session, user, has a second factor
    with django_assert_max_num_queries(3):
        response = client.get(PROFILE)
    assert response.status_code == 200
