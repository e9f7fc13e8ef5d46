"""The catalog's pages as a visitor sees them, with their query budgets."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curriculum.models import Milestone, Project, Track
from tests.curriculum.factories import import_small_track

pytestmark = pytest.mark.django_db

NOVICE = "novice-to-principal"


def track_url(slug=NOVICE, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("curriculum:track-detail", args=[slug]) + (f"?{query}" if query else "")


def project_titles(response) -> list[str]:
    return re.findall(r'<h3><a href="/tracks/[^"]+">(.*?)</a></h3>', response.content.decode())


def test_the_tracks_page_lists_published_tracks_with_their_counts(
    client, django_assert_max_num_queries
):
    Track.objects.filter(slug="backend-roadmap").update(is_published=False)

    # the catalog version, the tracks with their counts
    with django_assert_max_num_queries(2):
        response = client.get(reverse("curriculum:track-list"))

    body = response.content.decode()
    assert "125 Python Projects — From Novice to Principal Engineer" in body
    assert "5 levels · 127 projects" in body
    assert "A Backend Roadmap" not in body  # unpublished


def test_the_tracks_page_has_an_empty_state(client):
    Track.objects.update(is_published=False)

    response = client.get(reverse("curriculum:track-list"))

    assert "No tracks are published yet" in response.content.decode()


def test_the_track_page_lists_levels_in_order_with_their_projects(client):
    response = client.get(track_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "127 projects in 5 levels." in body
    headings = re.findall(r'<h2 id="level-[^"]+">(.*?)</h2>', body)
    assert headings == [
        "Level 1 — Beginner (Novice)",
        "Level 2 — Early Intermediate (Junior Developer)",
        "Level 3 — Intermediate (Mid-level Developer)",
        "Level 4 — Advanced (Senior Engineer)",
        "Level 5 — Expert (Staff/Principal Engineer)",
    ]
    assert project_titles(response)[:2] == [
        "Hello World &amp; Super-Calculator",
        "Guess the Number",
    ]
    assert len(project_titles(response)) == 127


def test_the_track_page_uses_as_many_queries_for_127_projects_as_for_3(client):
    import_small_track("small", projects_per_level=(3,))

    # track, levels, the skills for the filter, projects with milestone counts, their skills
    with CaptureQueriesContext(connection) as small_queries:
        small = client.get(track_url("small"))
    with CaptureQueriesContext(connection) as big_queries:
        big = client.get(track_url())

    assert len(project_titles(small)) == 3
    assert len(project_titles(big)) == 127
    assert len(big_queries) == len(small_queries) <= 10


def test_filters_narrow_the_list_and_keep_the_url_shareable(client):
    response = client.get(track_url(level="beginner-novice", skill="loops"))

    titles = project_titles(response)
    assert "Guess the Number" in titles
    assert all(
        Project.objects.get(title=title.replace("&amp;", "&"), track__slug=NOVICE).level.position
        == 1
        for title in titles
    )
    assert "Hello World" not in " ".join(titles)
    assert 'value="beginner-novice" selected' in response.content.decode()


def test_difficulty_comes_from_the_level_when_a_project_has_none(client):
    response = client.get(track_url(difficulty="expert"))

    titles = project_titles(response)
    assert len(titles) == 26
    assert "Level 5 — Expert (Staff/Principal Engineer)" in response.content.decode()


def test_searching_a_track_highlights_the_matches(client):
    response = client.get(track_url(q="markdown"))

    assert project_titles(response) == ["<mark>Markdown</mark> → HTML Converter"]
    assert "1 project matches." in response.content.decode()


def test_an_htmx_filter_request_gets_only_the_project_list(client):
    full = client.get(track_url(skill="loops"))
    fragment = client.get(track_url(skill="loops"), headers={"HX-Request": "true"})

    body = fragment.content.decode()
    assert "<html" not in body
    assert body.strip().startswith('<section id="project-list"')
    assert project_titles(fragment) == project_titles(full)
    # One URL, two bodies: caches (the browser's, for Back) must keep them apart.
    assert "HX-Request" in full["Vary"] and "HX-Request" in fragment["Vary"]


def test_a_bad_filter_value_is_explained_and_ignored(client):
    response = client.get(track_url(level="no-such-level", difficulty="legendary"))

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Level: Select a valid choice. no-such-level is not one of the available choices." in body
    )
    assert "Difficulty: Select a valid choice." in body
    assert len(project_titles(response)) == 127


def test_filters_that_match_nothing_get_an_empty_state(client):
    response = client.get(track_url(q="zzzqqq"))

    assert "No project matches these filters." in response.content.decode()


def test_unpublished_and_unknown_tracks_are_404_for_learners_but_mentors_preview_drafts(
    client, learner, mentor
):
    Track.objects.filter(slug=NOVICE).update(is_published=False)

    assert client.get(track_url()).status_code == 404
    assert client.get(track_url("no-such-track")).status_code == 404
    client.force_login(learner)
    assert client.get(track_url()).status_code == 404
    client.force_login(mentor)
    assert (
        "Draft: only mentors and admins see this track" in client.get(track_url()).content.decode()
    )


def project_url(project_slug="markdown-html-converter", track_slug=NOVICE):
    return reverse("curriculum:project-detail", args=[track_slug, project_slug])


def test_the_project_page_shows_what_to_build_skills_milestones_and_neighbours(
    client, django_assert_max_num_queries
):
    # the catalog version; project with track, level and collection, its milestones, the
    # track's projects (their order and the chain), its guidance, its skill tags
    with django_assert_max_num_queries(6):
        response = client.get(project_url())

    body = response.content.decode()
    assert "<h1>Markdown → HTML Converter</h1>" in body
    assert "Turn .md files into HTML with templates." in body
    assert f'href="{reverse("curriculum:skill-detail", args=["jinja2"])}"' in body
    assert re.findall(r'<span class="text">(.*?)</span>', body) == [
        "TOC generation",
        "Code highlighting",  # shown capitalised; stored as the track file writes it
        "Static site with navigation index",
    ]
    assert 'rel="prev"' in body and "Image Organizer" in body
    assert 'rel="next"' in body and "Basic Web Scraper" in body


def test_the_project_page_stays_within_budget_for_a_signed_in_learner(
    client, learner, django_assert_max_num_queries
):
    client.force_login(learner)

    # session, user, the catalog version and the visitor's five, and one statement for the
    # learner's ticks, status, time logged with the project's range and submission count
    with django_assert_max_num_queries(9):
        assert client.get(project_url()).status_code == 200
    # Then the catalog's part comes from the cache: the learner's own queries are left.
    with django_assert_max_num_queries(4):
        assert client.get(project_url()).status_code == 200


def test_archived_milestones_and_projects_are_hidden(client):
    Milestone.objects.filter(text="TOC generation").update(archived_at="2026-01-01T00:00Z")

    assert "TOC generation" not in client.get(project_url()).content.decode()

    Project.objects.filter(slug="markdown-html-converter").update(archived_at="2026-01-01T00:00Z")
    assert client.get(project_url()).status_code == 404
    assert "Markdown → HTML Converter" not in client.get(track_url()).content.decode()


def test_a_project_of_another_track_is_404(client):
    assert client.get(project_url(track_slug="portfolio-projects")).status_code == 404


def test_the_skills_page_counts_projects_per_skill(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the catalog version, the skills
        response = client.get(reverse("curriculum:skill-list"))

    body = response.content.decode()
    assert re.search(r'<a href="/skills/jinja2/">Jinja2</a> <span class="muted">\d+</span>', body)


def test_a_skill_page_lists_the_projects_that_practise_it(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the catalog version, the skill, its projects
        response = client.get(reverse("curriculum:skill-detail", args=["jinja2"]))

    body = response.content.decode()
    assert "Markdown → HTML Converter" in body
    assert client.get(reverse("curriculum:skill-detail", args=["no-such-skill"])).status_code == 404


def search(client, query, **params):
    return client.get(reverse("curriculum:search"), {"q": query, **params})


def test_search_finds_projects_milestones_and_skills_with_highlights(
    client, django_assert_max_num_queries
):
    # projects count, projects page, milestones, skills
    with django_assert_max_num_queries(6):
        response = search(client, "markdown")

    body = response.content.decode()
    link = '<a href="/tracks/novice-to-principal/markdown-html-converter/">'
    assert f"{link}<mark>Markdown</mark> → HTML Converter</a>" in body
    assert "<mark>markdown</mark> lib" in body


def test_search_matches_whole_words_not_parts_of_them(client):
    """ "api" is a word of "REST API", not of "Web scraping" (on SQLite too)."""
    Project.objects.filter(slug="markdown-html-converter").update(
        what_you_build="A scraping tool for rapid capital."
    )

    body = search(client, "api").content.decode()

    assert "Markdown → HTML Converter" not in body
    assert "<mark>API</mark>" in body or "<mark>api</mark>" in body


def test_the_track_search_box_keeps_its_hint_short(client):
    body = client.get(track_url()).content.decode()

    assert 'placeholder="e.g. CSV, API"' in body
    assert 'maxlength="100"' in body


def test_search_ranks_and_paginates_long_result_lists(client):
    first = search(client, "data")
    body = first.content.decode()

    assert "Page 1 of" in body
    second = search(client, "data", page=2)
    assert second.status_code == 200
    assert "Page 2 of" in second.content.decode()


def test_search_escapes_what_it_highlights(client):
    Project.objects.filter(slug="markdown-html-converter").update(
        what_you_build="<script>alert(1)</script> markdown"
    )

    body = search(client, "markdown").content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>markdown</mark>" in body


def test_an_empty_search_offers_skills_to_start_from(client):
    body = search(client, "").content.decode()

    assert "Search every published project, milestone and skill" in body


def test_a_nonsense_search_gets_a_helpful_empty_state(client):
    body = search(client, "qwxzzv").content.decode()

    assert "Nothing matches “qwxzzv”" in body
    assert "Try fewer or more general words" in body


def test_search_leaves_out_unpublished_tracks(client):
    Track.objects.filter(slug=NOVICE).update(is_published=False)

    assert "HTML Converter" not in search(client, "markdown").content.decode()


def test_an_overlong_search_is_refused_with_a_message(client):
    response = search(client, "x" * 500)

    assert "Ensure this value has at most 100 characters" in response.content.decode()
