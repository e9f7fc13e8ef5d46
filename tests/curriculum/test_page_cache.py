"""The catalog's pages come from a cache (curriculum.cache): a change to the catalog shows on
the very next request, one learner's state never shows to another, a revisit costs a 304,
and the cost of a page does not grow with its projects."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from curriculum.cache import VERSION_KEY, _new_token
from curriculum.catalog_format import parse_track
from curriculum.importer import import_track
from curriculum.models import Milestone, Project, Track
from portfolio.progress import milestone_set_done
from tests.curriculum.admin_helpers import change_page
from tests.curriculum.factories import import_small_track, track_text
from tests.curriculum.test_admin import inline_prefix, unchanged_form_data
from tests.curriculum.test_admin_actions import run_action

pytestmark = pytest.mark.django_db

NOVICE = "novice-to-principal"
PROJECT = "markdown-html-converter"


def track_url(slug=NOVICE, query=""):
    return reverse("curriculum:track-detail", args=[slug]) + query


def project_url(slug=PROJECT, track=NOVICE):
    return reverse("curriculum:project-detail", args=[track, slug])


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def project():
    return Project.objects.get(track__slug=NOVICE, slug=PROJECT)


@pytest.fixture
def visitors(client, learner, mentor):
    """The same pages seen by a visitor and by a learner, each read once (so cached)."""
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(learner)
    clients = {"visitor": client, "learner": signed_in}
    for each in clients.values():
        for url in (track_url(), project_url(), track_url(query="?skill=jinja2")):
            body(each.get(url))
    editor = Client()
    editor.force_login(mentor)
    return clients, editor


# --- a change shows on the next request -------------------------------------------------------


def test_a_project_renamed_in_the_admin_shows_on_every_cached_page(visitors, project):
    clients, editor = visitors
    page = editor.get(change_page(project))
    data = unchanged_form_data(page)
    data["title"] = "Markdown to HTML, renamed"

    assert editor.post(change_page(project), data).status_code == 302

    for each in clients.values():
        for url in (track_url(), project_url(), track_url(query="?skill=jinja2")):
            assert "Markdown to HTML, renamed" in body(each.get(url)), url


def test_a_milestone_edited_in_the_admin_shows_on_the_project_page(visitors, project):
    clients, editor = visitors
    milestone = project.milestones.get(text="TOC generation")
    page = editor.get(change_page(project))
    data = unchanged_form_data(page)
    data[f"{inline_prefix(page, milestone)}-text"] = "Table of contents"

    assert editor.post(change_page(project), data).status_code == 302

    for each in clients.values():
        assert "Table of contents" in body(each.get(project_url()))


def test_archiving_a_project_in_the_admin_takes_it_off_the_cached_pages(visitors, project):
    clients, editor = visitors

    run_action(editor, Project, "archive", [project])

    for each in clients.values():
        assert project.title not in body(each.get(track_url()))
        assert each.get(project_url()).status_code == 404


def test_unpublishing_a_track_takes_it_off_the_cached_pages(visitors):
    clients, editor = visitors

    run_action(editor, Track, "unpublish", [Track.objects.get(slug=NOVICE)])

    for each in clients.values():
        assert each.get(track_url()).status_code == 404
        assert each.get(project_url()).status_code == 404


def test_a_reimport_shows_on_the_next_request(client, learner):
    import_small_track("reimported")
    url = track_url("reimported")
    assert "Project 1</a>" in body(client.get(url))
    client.force_login(learner)
    assert "Project 1</a>" in body(client.get(url))

    text = track_text("reimported").replace("### 1. Project 1", "### 1. Project one, renamed")
    import_track(parse_track(text))

    assert "Project one, renamed</a>" in body(client.get(url))
    client.logout()
    assert "Project one, renamed</a>" in body(client.get(url))


def test_a_committed_change_gives_every_process_a_new_token_once_per_transaction(
    django_capture_on_commit_callbacks,
):
    token = cache.get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Project.objects.filter(slug=PROJECT).update(title="One")
        Milestone.objects.filter(text="TOC generation").update(text="Two")
        # Not yet: until the commit, other processes would still read the old rows.
        assert cache.get(VERSION_KEY) == token

    assert callbacks == [_new_token]
    assert cache.get(VERSION_KEY) != token


# --- learners -------------------------------------------------------------------------------


def card(page: str, title: str) -> str:
    start = page.index(f">{title}</a>")
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def test_a_learner_never_sees_another_learners_state_on_a_cached_card(
    client, learner, other_learner, project
):
    milestone = project.milestones.filter(kind="core").order_by("position").first()
    milestone_set_done(user=learner, milestone=milestone, done=True)

    client.force_login(learner)
    mine = card(body(client.get(track_url())), project.title)
    client.force_login(other_learner)
    theirs = card(body(client.get(track_url())), project.title)
    client.logout()
    visitor = card(body(client.get(track_url())), project.title)

    assert "In progress · 1/" in mine
    assert "Not started · 0/" in theirs
    assert "card-progress" not in visitor


def test_a_learners_tick_shows_on_their_next_track_page(client, learner, project):
    client.force_login(learner)
    assert "Not started · 0/" in card(body(client.get(track_url())), project.title)
    milestone = project.milestones.filter(kind="core").order_by("position").first()

    client.post(reverse("portfolio:milestone-check", args=[milestone.pk]), {"done": "1"})

    assert "In progress · 1/" in card(body(client.get(track_url())), project.title)


def test_each_visitor_gets_a_csrf_token_of_their_own(client):
    from django.test import Client

    first, second = body(client.get(track_url())), body(Client().get(track_url()))

    tokens = [re.search(r'"X-CSRFToken": "(\w+)"', page)[1] for page in (first, second)]
    assert tokens[0] != tokens[1] and "csrfTokenOfThisVisitor" not in first + second


def test_a_visitor_with_a_message_waiting_sees_it(client, learner):
    assert "signed out" not in body(client.get("/")).lower()  # cached for visitors
    client.force_login(learner)

    response = client.post(reverse("account_logout"), follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "signed out" in body(response).lower()

    assert "signed out" not in body(client.get(track_url())).lower()


# --- filters and fragments ------------------------------------------------------------------


def test_the_filtered_and_htmx_pages_are_cached_apart(client):
    full = body(client.get(track_url()))
    filtered = body(client.get(track_url(query="?skill=jinja2")))
    fragment = body(client.get(track_url(query="?skill=jinja2"), HTTP_HX_REQUEST="true"))

    assert full.count('<li class="project-card') == 127
    assert 0 < filtered.count('<li class="project-card') < 127
    assert '<option value="jinja2" selected>' in filtered
    assert fragment.lstrip().startswith('<section id="project-list"') and "<html" not in fragment
    again = body(client.get(track_url(query="?skill=jinja2")))
    assert again.count('<li class="project-card') == filtered.count('<li class="project-card')


def test_a_search_in_the_track_highlights_on_cached_cards(client, learner):
    client.force_login(learner)
    body(client.get(track_url()))

    page = body(client.get(track_url(query="?q=markdown")))

    assert "<mark>Markdown</mark> → HTML Converter" in page


# --- validators -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        reverse("curriculum:track-list"),
        track_url(),
        project_url(),
        reverse("curriculum:skill-list"),
        reverse("curriculum:search") + "?q=markdown",
    ],
)
def test_a_visitors_revisit_costs_a_304_until_the_catalog_changes(
    client, url, django_assert_max_num_queries
):
    first = client.get(url)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert "Cookie" in first["Vary"] and "HX-Request" in first["Vary"]

    with django_assert_max_num_queries(1):  # the catalog version
        revisit = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert revisit.status_code == 304 and revisit["ETag"] == etag and not revisit.content

    Project.objects.filter(slug=PROJECT).update(what_you_build="Changed.")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_signed_in_pages_have_no_validators_and_are_not_stored(client, learner):
    client.force_login(learner)

    for url in (track_url(), project_url(), "/"):
        response = client.get(url)
        assert "ETag" not in response
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# --- budgets --------------------------------------------------------------------------------


def test_a_cached_track_page_costs_the_same_for_3_projects_as_for_127(
    client, learner, django_assert_num_queries
):
    import_small_track("small", projects_per_level=(3,))
    for url in (track_url("small"), track_url()):
        body(client.get(url))

    for url in (track_url("small"), track_url()):
        with django_assert_num_queries(1):  # the catalog version
            body(client.get(url))

    client.force_login(learner)
    for url in (track_url("small"), track_url()):
        # session, user, the catalog version, the learner's ticks and statuses (one statement)
        with django_assert_num_queries(4):
            body(client.get(url))
    for url in (track_url("small"), track_url()):
        with django_assert_num_queries(3):  # kept: session, user, the catalog version
            body(client.get(url))


def test_a_cached_project_page_costs_the_learners_queries_only(
    client, learner, django_assert_num_queries
):
    body(client.get(project_url()))
    with django_assert_num_queries(1):  # the catalog version
        body(client.get(project_url()))

    client.force_login(learner)
    # session, user, the catalog version, and one statement for the learner's ticks, status,
    # time logged and submissions (none: so no query for them)
    with django_assert_num_queries(4):
        body(client.get(project_url()))
    with django_assert_num_queries(3):  # kept: session, user, the catalog version
        body(client.get(project_url()))
