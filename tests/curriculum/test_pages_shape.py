"""The pages show the seeds' shape: guidance in source order, reading sections, chains of
projects, collections, explicit difficulty, one alphabet of skills, and old addresses."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curriculum.catalog_format import parse_track
from curriculum.importer import export_track, import_track
from curriculum.models import Project, ProjectSkill, Skill, Track
from tests.curriculum.factories import import_small_track

pytestmark = pytest.mark.django_db


def track_url(slug, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("curriculum:track-detail", args=[slug]) + (f"?{query}" if query else "")


def project_url(track_slug, project_slug):
    return reverse("curriculum:project-detail", args=[track_slug, project_slug])


def text(response) -> str:
    """The page's text, tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- the track page ----------------------------------------------------------------------------


def test_reading_sections_stand_in_their_level_and_levels_to_read_are_shown(client):
    page = text(client.get(track_url("backend-roadmap")))

    assert "5 projects in 6 levels." in page
    order = [
        "Coding is not the same as engineering",
        "Milestone one means Python that survives contact with reality",
        "Stage one starts as a command line tool",
        "Stage five packages and deploys the system",
        "Use Git like somebody else will read it",
        "How to know the plan is working",
    ]
    assert [page.index(title) for title in order] == sorted(page.index(title) for title in order)
    assert "Can I explain the architecture without opening the code?" in page


def test_a_filtered_track_page_shows_only_matching_projects(client):
    page = text(client.get(track_url("backend-roadmap", q="API")))

    assert "Stage two turns the same project into an API" in page
    assert "Coding is not the same as engineering" not in page
    assert "Coding is not the same" not in page  # no reading sections while filtering
    body = client.get(track_url("backend-roadmap", q="API")).content.decode()
    assert re.findall(r'<h2 id="level-([^"]+)">', body) == ["a-progressive-python-project-roadmap"]


def test_the_track_page_draws_the_chain_of_stages(client):
    body = client.get(track_url("backend-roadmap")).content.decode()

    stage_one = project_url("backend-roadmap", "stage-one-starts-as-a-command-line-tool")
    assert re.search(
        rf'<p class="builds-on">Continues <a href="{stage_one}">Stage one starts as a command '
        r"line tool</a></p>",
        body,
    )
    assert body.count('class="builds-on"') == 4


def test_collections_group_projects_and_filter_them(client):
    body = client.get(track_url("portfolio-projects")).content.decode()

    headings = re.findall(r'<h3 class="collection"[^>]*><a href="\?collection=([^"]+)">', body)
    assert headings == [
        "data-science-portfolio-projects",
        "web-development-portfolio-projects",
        "devops-infrastructure-portfolio-projects",
    ]
    filtered = client.get(
        track_url("portfolio-projects", collection="web-development-portfolio-projects")
    )
    titles = re.findall(r"<h4><a [^>]+>(.*?)</a></h4>", filtered.content.decode())
    assert titles == [
        "Recipe Sharing Platform",
        "Event Management System",
        "Multi-tenant SaaS Platform",
    ]


def test_an_unknown_collection_is_explained_and_ignored(client):
    response = client.get(track_url("portfolio-projects", collection="nope"))

    assert "Select a valid choice" in response.content.decode()
    assert "22 projects" in text(response)


def test_difficulty_badges_come_only_from_what_a_project_states(client):
    novice = client.get(track_url("novice-to-principal")).content.decode()
    weeks = client.get(track_url("python-26-weeks")).content.decode()

    # Levels say their difficulty in their headings; cards say a project's own.
    assert '<span class="badge">' not in novice
    assert '<span class="badge">' not in weeks
    portfolio = client.get(track_url("portfolio-projects")).content.decode()
    assert portfolio.count('<span class="badge">Beginner</span>') == 4 + 3


def test_the_skill_filter_lists_skills_as_people_read(client):
    track = import_small_track("alphabet", projects_per_level=(1,))
    project = track.projects.get()
    for position, name in enumerate(["zebra", "Émile", "apple", "Banana", "éclair"], 10):
        skill = Skill.objects.create(name=name, slug=f"alphabet-{position}")
        ProjectSkill.objects.create(project=project, skill=skill, label=name, position=position)

    body = client.get(track_url("alphabet")).content.decode()

    skill_select = body[
        body.index('name="skill"') : body.index("</select>", body.index('name="skill"'))
    ]
    names = re.findall(r"<option value=\"[^\"]+\">(.*?)</option>", skill_select)
    assert names == ["apple", "Banana", "éclair", "Émile", "shared skill", "skill 1", "zebra"]


def test_the_skills_page_has_one_alphabet(client):
    track = import_small_track("alphabet", projects_per_level=(1,))
    project = track.projects.get()
    for position, name in enumerate(["Ängström", "apple", "Banana", "éclair"], 10):
        skill = Skill.objects.create(name=name, slug=f"alphabet-{position}")
        ProjectSkill.objects.create(project=project, skill=skill, label=name, position=position)

    body = client.get(reverse("curriculum:skill-list")).content.decode()

    initials = re.findall(r'<h2 id="skills-\d+">(.*?)</h2>', body)
    assert initials == sorted(set(initials)) and len(initials) == len(set(initials))
    names = re.findall(r'<a href="/skills/[^"]+/">(.*?)</a>', body)
    assert names.index("Ängström") < names.index("apple") < names.index("Banana")
    assert names.index("CSV") < names.index("éclair") < names.index("environment variables")


# --- the project page --------------------------------------------------------------------------


def test_prose_comes_before_the_checklist_it_introduces(client, django_assert_max_num_queries):
    url = project_url("backend-roadmap", "stage-one-starts-as-a-command-line-tool")

    # the catalog version, project, milestones, guidance, skill tags, the track's projects
    with django_assert_max_num_queries(6):
        page = text(client.get(url))

    intro = page.index("At this stage, your project should force you to handle:")
    checklist = page.index("Requirements Sign in to tick milestones off")
    closing = page.index("You learn whether your code is readable")
    assert intro < checklist < closing


def test_guidance_is_rendered_as_markdown_in_source_order(client):
    body = client.get(
        project_url("portfolio-projects", "personal-finance-tracker")
    ).content.decode()

    features = body.index('<h2 id="milestones">Key Features</h2>')
    objectives = body.index(">Learning Objectives</h2>")
    extensions = body.index('<h2 id="stretch-goals">Extension Ideas</h2>')
    assert features < objectives < extensions
    assert "<li>Working with files and data persistence</li>" in body


def test_links_in_a_task_are_links(client):
    body = client.get(project_url("python-26-weeks", "python-basics")).content.decode()

    assert (
        'Solve simple problems on <a href="https://www.hackerrank.com/domains/tutorials/'
        '10-days-of-python" rel="nofollow noopener">HackerRank</a>.'
    ) in body
    assert '<h2 id="guidance-' in body and ">Goals</h2>" in body


def test_the_project_page_shows_the_chain_it_belongs_to(client):
    body = client.get(
        project_url(
            "backend-roadmap", "stage-three-adds-accounts-roles-and-a-database-worth-respecting"
        )
    ).content.decode()

    assert "Stage 3 of 5: each builds on the one before" in body
    assert '<strong aria-current="page">Stage three adds accounts' in body
    assert 'href="/tracks/backend-roadmap/stage-five-packages-and-deploys-the-system/"' in body


def test_skills_keep_the_wording_of_their_project(client):
    body = client.get(
        project_url("portfolio-projects", "personal-finance-tracker")
    ).content.decode()

    assert '<a href="/skills/csv/">CSV handling</a>' in body


def test_a_renamed_project_answers_at_its_old_address_with_a_permanent_redirect(client):
    track = Track.objects.get(slug="novice-to-principal")
    renamed = export_track(track).replace("### 2. Guess the Number\n", "### 2. Number Guessing\n")
    import_track(parse_track(renamed, "novice.md"))

    response = client.get(project_url("novice-to-principal", "guess-the-number"))

    assert response.status_code == 301
    assert response["Location"] == project_url("novice-to-principal", "number-guessing")
    assert client.get(response["Location"]).status_code == 200


def test_an_old_address_of_a_project_nobody_may_see_is_404(client):
    track = Track.objects.get(slug="novice-to-principal")
    renamed = export_track(track).replace("### 2. Guess the Number\n", "### 2. Number Guessing\n")
    import_track(parse_track(renamed, "novice.md"))
    Project.objects.filter(slug="number-guessing").update(archived_at="2026-01-01T00:00Z")

    assert client.get(project_url("novice-to-principal", "guess-the-number")).status_code == 404
    assert client.get(project_url("portfolio-projects", "guess-the-number")).status_code == 404


def test_the_track_page_costs_the_same_for_a_plan_by_week_as_for_any_track(client, learner):
    client.force_login(learner)

    with CaptureQueriesContext(connection) as novice:
        client.get(track_url("novice-to-principal"))
    with CaptureQueriesContext(connection) as weeks:
        client.get(track_url("python-26-weeks"))

    # The plan by week adds its scheduled projects and the start day (the ticks of the
    # track's projects are counted for every track).
    assert len(weeks) == len(novice) + 2


def test_search_finds_a_project_by_the_words_of_its_guidance(client):
    response = client.get(reverse("curriculum:search"), {"q": "Percival"})

    # "Architecture Patterns with Python by Percival & Gregory" is in its resources only.
    assert "Software Architecture &amp; Patterns" in response.content.decode()


def test_track_and_level_descriptions_are_rendered_when_saved(client):
    track = Track.objects.get(slug="novice-to-principal")
    track.description = "An **intro**."
    track.save()
    level = track.levels.active().first()
    level.description = "Level *notes*."
    level.save()

    page = client.get(track.get_absolute_url()).content.decode()

    assert "An <strong>intro</strong>." in page
    assert "Level <em>notes</em>." in page
