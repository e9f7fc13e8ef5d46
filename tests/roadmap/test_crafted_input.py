"""Crafted addresses and queries get a 4xx or a page, never a server error."""

import pytest
from django.urls import reverse

from curriculum.search import uses_full_text_search

pytestmark = pytest.mark.django_db

DASHES = "-" * 40


@pytest.fixture
def client(client):
    # A crafted request must come back as a response, not as an exception in the test.
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", ["/u/%00/", "/tracks/%00/", "/u/lena%00/", "/%00"])
def test_a_nul_character_in_the_address_is_not_found(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("query", [DASHES, "-" * 100, f"python {DASHES}", "- " * 50, f"{DASHES}x"])
def test_a_search_made_of_dashes_answers_with_a_page(client, query):
    response = client.get(reverse("curriculum:search"), {"q": query})

    assert response.status_code == 200


def test_a_track_search_made_of_dashes_answers_with_a_page(client):
    url = reverse("curriculum:track-detail", args=["novice-to-principal"])

    response = client.get(url, {"q": DASHES})

    assert response.status_code == 200
    assert "From Novice to Principal Engineer" in response.content.decode()


@pytest.mark.parametrize("negation", ["-converter", "--converter", "-- -converter"])
def test_a_negated_word_still_excludes_it(client, negation):
    if not uses_full_text_search():
        pytest.skip("`-word` is full-text search syntax; SQLite's fallback matches words only")
    url = reverse("curriculum:track-detail", args=["novice-to-principal"])

    everything = client.get(url, {"q": "markdown"}).content.decode()
    negated = client.get(url, {"q": f"markdown {negation}"}).content.decode()

    assert "No project matches these filters." not in everything
    assert "No project matches these filters." in negated
