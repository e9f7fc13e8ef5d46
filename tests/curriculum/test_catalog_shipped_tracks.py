"""The shipped track files: what the track file format reads in each of them."""

import re

import pytest

from curriculum.catalog_format import ItemData, ProjectData, TrackData, parse_track
from tests.curriculum.catalog_format_helpers import (
    CATALOG,
    SHIPPED,
    all_projects,
    blocks_of,
    load,
    texts,
)


def project_titled(track: TrackData, title: str) -> ProjectData:
    (project,) = [project for project in all_projects(track) if project.title == title]
    return project


def all_strings(track: TrackData) -> list[str]:
    strings = [track.title, track.slug, track.description]
    for level in track.levels:
        strings += [level.label, level.title, level.description]
        for project in level.projects:
            for value in vars(project).values():
                if isinstance(value, str):
                    strings.append(value)
            strings += [item.text for item in (*project.milestones, *project.stretch_goals)]
            strings += [block.body for block in project.guidance]
        strings += [section.body for section in level.sections]
    return strings


# --- the shipped tracks ------------------------------------------------------------------------


def test_the_five_seed_tracks_are_shipped():
    # The leading number orders the tracks: import creates them in file-name order.
    assert SHIPPED == [
        "1-novice-to-principal.md",
        "2-portfolio-projects.md",
        "3-backend-roadmap.md",
        "4-python-26-weeks.md",
        "5-expert-specialization.md",
    ]


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_file_declares_the_slug_of_its_file_name(name):
    assert load(name).slug == name.removesuffix(".md").split("-", 1)[1]


def test_novice_to_principal_has_five_levels_of_26_25_25_25_and_26_projects():
    track = load("1-novice-to-principal.md")

    assert track.title == "125 Python Projects — From Novice to Principal Engineer"
    assert [len(level.projects) for level in track.levels] == [26, 25, 25, 25, 26]
    assert len(all_projects(track)) == 127
    # The title says it as the seed does; the description gives the correct count.
    assert "it holds 127: levels 1 and 5 have 26 each" in track.description


def test_novice_to_principal_levels_have_labels_titles_descriptions_and_difficulties():
    levels = load("1-novice-to-principal.md").levels

    assert [(level.label, level.title, level.difficulty) for level in levels] == [
        ("Level 1", "Beginner (Novice)", "Beginner"),
        ("Level 2", "Early Intermediate (Junior Developer)", ""),
        ("Level 3", "Intermediate (Mid-level Developer)", "Intermediate"),
        ("Level 4", "Advanced (Senior Engineer)", "Advanced"),
        ("Level 5", "Expert (Staff/Principal Engineer)", "Expert"),
    ]
    assert levels[0].description.startswith("Foundations of Python: syntax, variables")


def test_novice_to_principal_keeps_projects_in_source_order():
    first_level = load("1-novice-to-principal.md").levels[0]

    titles = [project.title for project in first_level.projects]
    assert titles[:3] == [
        "Hello World & Super-Calculator",
        "Guess the Number",
        "Temperature Converter",
    ]
    assert titles[-1] == "Text Adventure Mini‑Game"


def test_every_novice_to_principal_project_has_all_four_parts():
    for project in all_projects(load("1-novice-to-principal.md")):
        assert project.what_you_build, project.title
        assert project.skills, project.title
        assert project.milestones, project.title
        assert project.stretch_goals, project.title


def test_markdown_to_html_converter_has_its_skills_milestones_and_stretch_goal():
    project = project_titled(load("1-novice-to-principal.md"), "Markdown → HTML Converter")

    assert (project.slug, project.key) == ("markdown-html-converter", "markdown-html-converter")
    assert project.what_you_build == "Turn .md files into HTML with templates."
    assert project.skills == ("markdown lib", "Jinja2", "file walking")
    assert project.milestones == (
        ItemData("TOC generation", key="toc-generation"),
        ItemData("code highlighting", key="code-highlighting"),
    )
    assert texts(project.stretch_goals) == ["Static site with navigation index"]


def test_a_comma_inside_parentheses_does_not_split_a_skill_or_a_stretch_goal():
    project = project_titled(load("1-novice-to-principal.md"), "Hello World & Super-Calculator")

    assert project.skills == (
        "print()",
        "input()",
        "int/float",
        "operators",
        "functions",
        "f-strings",
    )
    assert texts(project.milestones) == [
        "Handle invalid input",
        "support order of operations",
        "add unit tests with assert",
    ]
    assert texts(project.stretch_goals) == ["Add exponent, modulo, and memory recall (M+, M-)"]


def test_inline_lists_split_on_semicolons_and_keep_a_separator_inside_parentheses():
    track = parse_track(
        "# T\n\n## L\n\n### P\n\n**Skills:** print(), input(), f-strings.\n\n"
        "**Milestones:** Unique IDs; timestamps; confirm destructive actions.\n\n"
        "**Stretch goals:** Add exponent, modulo, and memory recall (M+, M-); sort.\n"
    )
    (project,) = all_projects(track)

    assert project.skills == ("print()", "input()", "f-strings")
    assert texts(project.milestones) == ["Unique IDs", "timestamps", "confirm destructive actions"]
    assert texts(project.stretch_goals) == [
        "Add exponent, modulo, and memory recall (M+, M-)",
        "sort",
    ]


def test_curly_quotes_dashes_and_arrows_survive_in_novice_to_principal():
    track = load("1-novice-to-principal.md")
    text = "\n".join(all_strings(track))

    assert "you’ll see" in track.description
    assert project_titled(track, "Rock–Paper–Scissors").slug == "rock-paper-scissors"
    assert project_titled(track, "Temperature Converter").what_you_build == (
        "Convert Celsius↔Fahrenheit↔Kelvin with simple menu."
    )
    assert "Best‑of‑N series" in text
    assert "'" not in track.description


def test_portfolio_projects_keep_ratings_features_objectives_and_extension_ideas_apart():
    track = load("2-portfolio-projects.md")
    project = project_titled(track, "Personal Finance Tracker")

    assert project.difficulty == "Beginner"
    assert project.time_investment == "2-3 weeks"
    assert project.portfolio_value == "Medium - shows practical problem-solving"
    assert project.business_potential == "Low - many existing solutions"
    assert project.skills == ("File I/O", "data structures", "basic calculations", "CSV handling")
    assert (project.milestones_label, project.stretch_label) == ("Key Features", "Extension Ideas")
    assert project.milestones[0].text == "Add/edit/delete transactions"
    (objectives,) = project.guidance
    assert (objectives.kind, objectives.title) == ("objectives", "Learning Objectives")
    assert objectives.body.endswith("- Creating reusable functions and classes")
    assert project.stretch_goals[-1].text == "Add data visualization dashboard"
    # In the source, the objectives sit between the key features and the extension ideas.
    assert [type(block).__name__ for block in blocks_of(project)] == ["str", "GuidanceData", "str"]


def test_portfolio_domain_collections_are_projects_of_a_collection_with_a_difficulty():
    track = load("2-portfolio-projects.md")
    (level,) = [level for level in track.levels if level.title.startswith("Domain-Specific")]

    assert [(project.collection, project.difficulty) for project in level.projects] == [
        (collection, difficulty)
        for collection in (
            "Data Science Portfolio Projects",
            "Web Development Portfolio Projects",
            "DevOps/Infrastructure Portfolio Projects",
        )
        for difficulty in ("Beginner", "Intermediate", "Advanced")
    ]


def test_portfolio_guidelines_and_tips_are_reading_sections_not_projects():
    track = load("2-portfolio-projects.md")
    guidelines, tips = track.levels[-2:]

    assert (guidelines.projects, tips.projects) == ((), ())
    assert [(section.title, section.kind) for section in guidelines.sections] == [
        ("For Job Applications", "tips"),
        ("For Freelancing/Consulting", "tips"),
        ("For Startup Ideas", "tips"),
    ]
    assert "**Backend Developer Roles**:" in guidelines.sections[0].body
    assert [section.title for section in tips.sections][:4] == [
        "Start Small, Think Big",
        "Focus on Code Quality",
        "Build for Others",
        "Showcase Your Work",
    ]


def test_backend_roadmap_is_one_project_growing_through_five_stages():
    track = load("3-backend-roadmap.md")
    projects = all_projects(track)

    assert [project.title.split(" ")[:2] for project in projects] == [
        ["Stage", "one"],
        ["Stage", "two"],
        ["Stage", "three"],
        ["Stage", "four"],
        ["Stage", "five"],
    ]
    assert [project.continues for project in projects[1:]] == [p.title for p in projects[:-1]]
    assert [len(project.milestones) for project in projects] == [5, 4, 5, 6, 3]
    stage_one = projects[0]
    # The prose that introduces the checklist comes before it.
    assert blocks_of(stage_one)[1] == "milestones"
    assert blocks_of(stage_one)[0].body.endswith("your project should force you to handle:")


def test_backend_roadmap_keeps_its_advice_questions_and_rubric_as_reading_sections():
    track = load("3-backend-roadmap.md")
    sections = {section.title: section for level in track.levels for section in level.sections}

    assert sections["How to know the plan is working"].kind == "questions"
    assert sections["What a strong repository signals"].kind == "rubric"
    assert "| Clear README | You can explain technical work to another human |" in (
        sections["What a strong repository signals"].body
    )
    assert "Codeling offers" not in "\n".join(all_strings(track))  # the advertisement is gone


def test_python_26_weeks_is_a_plan_by_week_with_goals_and_tasks_apart():
    track = load("4-python-26-weeks.md")
    weeks, ideas, notes = track.levels

    assert [project.weeks for project in weeks.projects] == [str(n) for n in range(1, 27)]
    week_one = weeks.projects[0]
    assert week_one.title == "Python Basics"
    assert week_one.guidance[0].kind == "objectives"
    assert week_one.guidance[0].body.startswith("- Learn syntax, variables, data types")
    assert texts(week_one.milestones) == [
        "Solve simple problems on "
        "[HackerRank](https://www.hackerrank.com/domains/tutorials/10-days-of-python)."
    ]
    assert [project.continues for project in weeks.projects[1:]] == [
        project.title for project in weeks.projects[:-1]
    ]
    assert len(ideas.projects) == 10
    library = project_titled(track, "Library Management System")
    assert library.tech_stack == "Python, Flask/Django, SQLite"
    assert texts(library.milestones) == [
        "Build a backend with Flask/Django.",
        "Create models for books and users.",
        "Add role-based authentication.",
    ]
    assert notes.description.startswith("1. **Flexibility**")


def test_expert_specialization_keeps_months_10_to_12_and_its_weeks():
    track = load("5-expert-specialization.md")

    assert [level.label for level in track.levels[:3]] == ["Month 10", "Month 11", "Month 12"]
    assert track.levels[0].title == "🧩 Architecture & Professional Practices"
    assert [(project.title, project.weeks) for project in track.levels[0].projects] == [
        ("Software Architecture & Patterns", "37–38"),
        ("Deployment, CI/CD & DevOps", "39–40"),
        ("Mini Project #1: 🚀 Deployable Microservice", "39–40"),
    ]
    assert project_titled(track, "Polish & Showcase").continues == "Capstone Build"


def test_expert_specialization_is_clean_text_with_its_lost_emoji_restored_by_hand():
    raw = (CATALOG / "5-expert-specialization.md").read_text(encoding="utf-8")
    track = load("5-expert-specialization.md")
    text = "\n".join(all_strings(track))

    assert "â€" not in raw and "ğŸ" not in raw
    assert track.title == "Phase 4 — Expert Level & Specialization"
    assert "💪🐍" in text and "📝 The Expert Python Portfolio" in text
    assert "⚙️ Automation & DevOps" in track.levels[1].description
    # The chatbot's opening, offer and closing question are gone.
    for leftover in ("Excellent —", "You can request", "Would you like me"):
        assert leftover not in raw


def test_every_shipped_project_has_core_milestones_and_every_item_an_id():
    for name in SHIPPED:
        track = load(name)
        assert all(level.key for level in track.levels), name
        for project in all_projects(track):
            assert project.milestones, f"{name}: {project.title}"
            assert project.key, f"{name}: {project.title}"
            items = [*project.milestones, *project.stretch_goals]
            assert all(item.key for item in items), f"{name}: {project.title}"


def test_project_slugs_are_readable_ascii_and_unique_within_each_track():
    for name in SHIPPED:
        slugs = [project.slug for project in all_projects(load(name))]
        assert len(set(slugs)) == len(slugs), name
        for slug in slugs:
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
