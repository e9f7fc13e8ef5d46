"""The track file format: parsing the shipped tracks, round trips, mojibake repair, errors."""

import re
from pathlib import Path

import pytest

from curriculum.catalog_format import (
    CatalogFormatError,
    LevelData,
    ProjectData,
    TrackData,
    parse_track,
    render_track,
    repair_mojibake,
    slugify,
)

CATALOG = Path(__file__).resolve().parents[2] / "curriculum" / "catalog"
SHIPPED = sorted(path.name for path in CATALOG.glob("*.md"))


def load(name: str) -> TrackData:
    return parse_track((CATALOG / name).read_text(encoding="utf-8"), source=name)


def all_projects(track: TrackData) -> list[ProjectData]:
    return [project for level in track.levels for project in level.projects]


def project_titled(track: TrackData, title: str) -> ProjectData:
    (project,) = [project for project in all_projects(track) if project.title == title]
    return project


def all_strings(track: TrackData) -> list[str]:
    strings = [track.title, track.slug, track.description]
    for level in track.levels:
        strings += [level.label, level.title, level.description]
        for project in level.projects:
            for value in vars(project).values():
                strings += list(value) if isinstance(value, tuple) else [value]
    return strings


def parse_error(text: str) -> CatalogFormatError:
    with pytest.raises(CatalogFormatError) as caught:
        parse_track(text, source="track.md")
    return caught.value


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


def test_novice_to_principal_levels_have_labels_titles_and_descriptions():
    levels = load("1-novice-to-principal.md").levels

    assert [(level.label, level.title) for level in levels] == [
        ("Level 1", "Beginner (Novice)"),
        ("Level 2", "Early Intermediate (Junior Developer)"),
        ("Level 3", "Intermediate (Mid-level Developer)"),
        ("Level 4", "Advanced (Senior Engineer)"),
        ("Level 5", "Expert (Staff/Principal Engineer)"),
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

    assert project.slug == "markdown-html-converter"
    assert project.what_you_build == "Turn .md files into HTML with templates."
    assert project.skills == ("markdown lib", "Jinja2", "file walking")
    assert project.milestones == ("TOC generation", "code highlighting")
    assert project.stretch_goals == ("Static site with navigation index",)


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
    assert project.milestones == (
        "Handle invalid input",
        "support order of operations",
        "add unit tests with assert",
    )
    assert project.stretch_goals == ("Add exponent, modulo, and memory recall (M+, M-)",)


def test_stretch_goals_are_split_on_semicolons_like_milestones():
    project = project_titled(load("1-novice-to-principal.md"), "To‑Do List (Text File)")

    assert project.slug == "to-do-list-text-file"
    assert project.milestones == ("Unique IDs", "timestamps", "confirm destructive actions")
    assert project.stretch_goals == ("Priorities and due dates", "sort by priority")


def test_a_milestone_line_without_semicolons_is_one_milestone():
    project = project_titled(load("1-novice-to-principal.md"), "Event Pipeline with Kafka")

    assert project.milestones == ("Exactly‑once semantics (discussion + at‑least‑once impl)",)


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


def test_portfolio_projects_keep_their_ratings_features_objectives_and_extension_ideas():
    track = load("2-portfolio-projects.md")
    project = project_titled(track, "Personal Finance Tracker")

    assert project.difficulty == "Beginner"
    assert project.time_investment == "2-3 weeks"
    assert project.portfolio_value == "Medium - shows practical problem-solving"
    assert project.business_potential == "Low - many existing solutions"
    assert project.skills == ("File I/O", "data structures", "basic calculations", "CSV handling")
    assert project.milestones[0] == "Add/edit/delete transactions"
    assert project.learning_objectives[-1] == "Creating reusable functions and classes"
    assert project.stretch_goals[-1] == "Add data visualization dashboard"
    collections = [level for level in track.levels if level.title.startswith("Domain-Specific")]
    assert [project.difficulty for project in collections[0].projects] == [
        "Beginner",
        "Intermediate",
        "Advanced",
    ] * 3


def test_backend_roadmap_turns_the_portfolio_signals_into_a_checklist():
    track = load("3-backend-roadmap.md")
    signals = project_titled(track, "What a strong repository signals")

    assert [item.split(":")[0] for item in signals.milestones] == [
        "Clear README",
        "Organized structure",
        "Tests included",
        "Meaningful commits",
        "Deployment instructions or live app",
    ]
    assert not any(title.endswith(" #") for title in all_strings(track))


def test_python_26_weeks_has_a_level_per_week_and_the_ten_project_ideas():
    track = load("4-python-26-weeks.md")

    assert [level.label for level in track.levels[:26]] == [f"Week {n}" for n in range(1, 27)]
    assert len(track.levels) == 27
    assert len(track.levels[26].projects) == 10
    week_one = track.levels[0].projects[0]
    assert week_one.title == "Week 1: Python Basics"
    assert week_one.milestones[0] == "Learn syntax, variables, data types, and operators."
    library = project_titled(track, "Library Management System")
    assert library.tech_stack == "Python, Flask/Django, SQLite"
    assert library.milestones == (
        "Build a backend with Flask/Django.",
        "Create models for books and users.",
        "Add role-based authentication.",
    )


def test_expert_specialization_keeps_months_10_to_12():
    track = load("5-expert-specialization.md")

    assert [level.label for level in track.levels[:3]] == ["Month 10", "Month 11", "Month 12"]
    assert track.levels[0].title == "Architecture & Professional Practices"


def test_no_mojibake_is_left_after_parsing_expert_specialization():
    raw = (CATALOG / "5-expert-specialization.md").read_text(encoding="utf-8")
    assert "â€" in raw and "ğŸ" in raw  # the shipped file keeps the damaged source text

    track = load("5-expert-specialization.md")
    for text in all_strings(track):
        assert "â€" not in text and "ğŸ" not in text, text
    assert track.title == "Phase 4 — Expert Level & Specialization"
    assert "let’s build your Phase 4" in track.description
    assert "👑" in track.description
    assert project_titled(track, "Mini Project #1: 🚀 Deployable Microservice")


def test_every_shipped_project_has_core_milestones():
    for name in SHIPPED:
        for project in all_projects(load(name)):
            assert project.milestones, f"{name}: {project.title}"


def test_project_slugs_are_readable_ascii_and_unique_within_each_track():
    for name in SHIPPED:
        slugs = [project.slug for project in all_projects(load(name))]
        assert len(set(slugs)) == len(slugs), name
        for slug in slugs:
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug


# --- round trip and rendering ------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_track_survives_a_round_trip(name):
    track = load(name)

    assert parse_track(render_track(track)) == track


@pytest.mark.parametrize("name", SHIPPED)
def test_rendering_is_stable(name):
    rendered = render_track(load(name))

    assert render_track(parse_track(rendered)) == rendered


def test_rendering_writes_the_slug_comment_and_a_checklist_per_level():
    rendered = render_track(load("1-novice-to-principal.md"))

    assert rendered.startswith(
        "# 125 Python Projects — From Novice to Principal Engineer\n"
        "<!--\nslug: novice-to-principal\n-->\n"
    )
    assert rendered.count("#### Checklist") == 5
    assert "- [ ] 7. Markdown → HTML Converter" in rendered


def test_rendering_novice_to_principal_gives_the_document_back():
    def content_lines(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.strip() not in ("", "---")]

    source = (CATALOG / "1-novice-to-principal.md").read_text(encoding="utf-8")

    assert content_lines(render_track(load("1-novice-to-principal.md"))) == content_lines(source)


def test_a_slug_that_differs_from_the_title_survives_a_round_trip():
    track = TrackData(
        title="T",
        slug="t",
        levels=(
            LevelData(
                title="Only level",
                projects=(
                    ProjectData(title="Renamed", slug="old-name", milestones=("a",)),
                    ProjectData(title="Same", slug="same", milestones=("b",)),
                ),
            ),
        ),
    )

    rendered = render_track(track)

    assert "<!-- slug: old-name -->" in rendered
    assert "<!-- slug: same -->" not in rendered
    assert parse_track(rendered) == track


def test_list_items_that_cannot_be_written_inline_are_written_as_bullets():
    track = TrackData(
        title="T",
        slug="t",
        levels=(
            LevelData(
                title="L",
                projects=(
                    ProjectData(
                        title="P",
                        slug="p",
                        skills=("a, b", "c"),
                        milestones=("one; two", "three."),
                    ),
                ),
            ),
        ),
    )

    assert parse_track(render_track(track)) == track


def test_the_example_of_the_format_document_parses_and_round_trips():
    document = (CATALOG.parents[1] / "docs" / "catalog-format.md").read_text(encoding="utf-8")
    example = re.search(r"```markdown\n(.*?)```", document, re.DOTALL).group(1)

    track = parse_track(example)

    (project,) = track.levels[0].projects
    assert (track.slug, track.levels[0].label, track.levels[0].title) == (
        "my-track",
        "Level 1",
        "Beginner",
    )
    assert project.tech_stack == "Python, Flask, SQLite"
    assert project.stretch_goals == ("Add exponent and modulo", "Memory recall (M+, M-)")
    assert parse_track(render_track(track)) == track


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    track = parse_track("\ufeff# T\r\n\r\n## L\r\n\r\n### P\r\n**Milestones:** a; b\r\n")

    assert track.title == "T"
    assert track.levels[0].projects[0].milestones == ("a", "b")


# --- slugs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Markdown → HTML Converter", "markdown-html-converter"),
        ("Rock–Paper–Scissors", "rock-paper-scissors"),
        ("To‑Do List (Text File)", "to-do-list-text-file"),
    ],
)
def test_slugify_gives_readable_ascii(title, slug):
    assert slugify(title) == slug


def test_projects_with_the_same_title_get_numbered_slugs():
    track = parse_track(
        "# T\n\n## L\n\n### 1. Same\n\n**Milestones:** a\n\n"
        "### 2. Same\n\n**Milestones:** b\n\n### 3. Same!\n\n**Milestones:** c\n"
    )

    assert [project.slug for project in all_projects(track)] == ["same", "same-2", "same-3"]


def test_the_track_slug_comes_from_the_title_without_a_comment():
    assert parse_track("# Hello, World\n\n## L\n").slug == "hello-world"


# --- mojibake repair ---------------------------------------------------------------------------


def test_repair_leaves_correct_text_exactly_as_written():
    text = "It’s “quoted” – dashed — to‑do → done &amp; <b>\r\nnext line\n\n\tend"

    assert repair_mojibake(text) == text


def test_repair_fixes_windows_1252_and_windows_1254_mojibake():
    assert repair_mojibake("letâ€™s â€” go") == "let’s — go"
    assert repair_mojibake("plan ğŸ‘‘\n") == "plan 👑\n"


def test_repair_drops_an_emoji_whose_bytes_were_lost():
    # 🐍 is F0 9F 90 8D; windows-1254 has no characters for 0x90 and 0x8D.
    assert repair_mojibake("youâ€™ll be an expert. ğŸ’ªğŸ") == "you’ll be an expert. 💪"


# --- malformed files ---------------------------------------------------------------------------


def test_a_field_before_any_project_is_refused_with_its_line():
    error = parse_error(
        "# Track\n\n## Level 1 — Start\n\n**Milestones:** Handle invalid input; add tests\n"
    )

    assert error.source == "track.md"
    assert error.line == 5
    assert error.expected == "a '### Project' heading before a field"
    assert str(error) == (
        "track.md, line 5: expected a '### Project' heading before a field, "
        "found '**Milestones:** Handle invalid input; add tests'"
    )


def test_a_long_offending_line_is_shortened_in_the_message():
    error = parse_error(
        "# T\n\n## L\n\n**Milestones:** Handle invalid input; support order of operations\n"
    )

    assert str(error).endswith("found '**Milestones:** Handle invalid input; support …'")


def test_an_unknown_field_label_is_refused():
    error = parse_error("# T\n\n## L\n\n### 1. P\n\n**Colour:** red\n")

    assert error.line == 7
    assert error.expected.startswith("a known field label")
    assert "found '**Colour:** red'" in str(error)


def test_a_list_field_without_items_is_refused():
    error = parse_error("# T\n\n## L\n\n### 1. P\n\n**Milestones:**\n\n**Stretch goals:** More\n")

    assert error.line == 9
    assert error.expected == "a '- item' line for the 'Milestones' field of line 7"


def test_a_list_field_without_items_at_the_end_of_the_file_is_refused():
    error = parse_error("# T\n\n## L\n\n### 1. P\n\n**Key Features**:\n")

    assert error.line == 8
    assert error.found == "the end of the file"


def test_a_file_without_a_title_is_refused():
    error = parse_error("\nIntro text\n\n## Level 1 — Start\n")

    assert error.line == 2
    assert error.expected == "a '# Track title' heading as the first line"
    assert error.found == "'Intro text'"


def test_an_empty_file_is_refused():
    error = parse_error("")

    assert (error.line, error.found) == (1, "the end of the file")


def test_a_track_without_levels_is_refused():
    error = parse_error("# T\n\nOnly an introduction.\n")

    assert error.line == 4
    assert error.expected == "a '## Level' heading (a track needs at least one level)"
    assert error.found == "the end of the file"


def test_a_project_before_any_level_is_refused():
    error = parse_error("# T\n\n### 1. Early\n")

    assert (error.line, error.expected) == (3, "a '## Level' heading before a project")


def test_a_project_without_a_title_is_refused():
    error = parse_error("# T\n\n## L\n\n### 4.\n")

    assert (error.line, error.expected) == (5, "a project title after '###'")


def test_a_repeated_text_field_is_refused():
    error = parse_error("# T\n\n## L\n\n### P\n**Difficulty:** Easy\n**Difficulty:** Hard\n")

    assert (error.line, error.expected) == (7, "one 'Difficulty' field per project")


def test_bold_text_outside_projects_is_ordinary_markdown():
    track = parse_track("# T\n\n**Pick projects based on your goals:**\n- Learning\n\n## L\n")

    assert track.description == "**Pick projects based on your goals:**\n- Learning"
