"""The track file format: parsing the shipped tracks, round trips, mojibake repair, errors."""

import re
from pathlib import Path

import pytest

from curriculum.catalog_format import (
    MAX_TRACK_FILE_BYTES,
    CatalogFormatError,
    ItemData,
    LevelData,
    ProjectData,
    TrackData,
    interleave,
    parse_track,
    parse_track_bytes,
    project_fillers,
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
                if isinstance(value, str):
                    strings.append(value)
            strings += [item.text for item in (*project.milestones, *project.stretch_goals)]
            strings += [block.body for block in project.guidance]
        strings += [section.body for section in level.sections]
    return strings


def texts(items) -> list[str]:
    return [item.text for item in items]


def blocks_of(project: ProjectData) -> list:
    """The project's guidance and item lists in page order (lists by name)."""
    return interleave(project.guidance, project_fillers(project))


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


# --- round trip and rendering ------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_track_survives_a_round_trip(name):
    track = load(name)

    assert parse_track(render_track(track)) == track


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_file_is_written_as_render_writes_it(name):
    # Shipped files are exports: a mentor's export of an unchanged track is the same file.
    assert render_track(load(name)) == (CATALOG / name).read_text(encoding="utf-8")


def test_rendering_writes_the_slug_comment_ids_and_a_checklist_per_level():
    rendered = render_track(load("1-novice-to-principal.md"))

    assert rendered.startswith(
        "# 125 Python Projects — From Novice to Principal Engineer\n"
        "<!--\nslug: novice-to-principal\n-->\n"
    )
    assert rendered.count("#### Checklist") == 5
    assert "- [ ] 7. Markdown → HTML Converter" in rendered
    assert "### 7. Markdown → HTML Converter\n<!-- id: markdown-html-converter -->" in rendered
    assert "- TOC generation <!-- id: toc-generation -->" in rendered


def test_a_slug_that_differs_from_the_title_survives_a_round_trip():
    track = TrackData(
        title="T",
        slug="t",
        levels=(
            LevelData(
                title="Only level",
                projects=(
                    ProjectData(title="Renamed", slug="old-name", milestones=(ItemData("a"),)),
                    ProjectData(title="Same", slug="same", milestones=(ItemData("b"),)),
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
                        milestones=(ItemData("one; two"), ItemData("three.")),
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

    first, second = track.levels
    (project,) = first.projects
    assert (track.slug, first.label, first.title, first.key, first.difficulty) == (
        "my-track",
        "Level 1",
        "Beginner",
        "beginner",
        "Beginner",
    )
    assert project.tech_stack == "Python, Flask, SQLite"
    assert project.milestones[0] == ItemData("Handle invalid input", key="handle-invalid-input")
    assert texts(project.stretch_goals) == ["Add exponent and modulo", "Memory recall (M+, M-)"]
    assert [block.kind for block in project.guidance] == ["note", "objectives", "tips"]
    assert second.projects[0].continues == "Calculator"
    assert second.sections[0].kind == "questions"
    assert parse_track(render_track(track)) == track


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    track = parse_track("\ufeff# T\r\n\r\n## L\r\n\r\n### P\r\n**Milestones:** a; b\r\n")

    assert track.title == "T"
    assert texts(track.levels[0].projects[0].milestones) == ["a", "b"]


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


def test_projects_with_the_same_title_in_different_levels_get_numbered_slugs():
    track = parse_track(
        "# T\n\n## L\n\n### 1. Same\n\n**Milestones:** a\n\n"
        "## M\n\n### 2. Same\n\n**Milestones:** b\n\n### 3. Same!\n\n**Milestones:** c\n"
    )

    assert [project.slug for project in all_projects(track)] == ["same", "same-2", "same-3"]


def test_the_track_slug_comes_from_the_title_without_a_comment():
    assert parse_track("# Hello, World\n\n## L\n\nText.\n").slug == "hello-world"


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
    track = parse_track("# T\n\n**Pick projects based on your goals:**\n- Learning\n\n## L\n\nX\n")

    assert track.description == "**Pick projects based on your goals:**\n- Learning"


# --- ids, guidance, sections and the new fields -----------------------------------------------

ANNOTATED = """\
# T

## Level 1 — One
<!-- id: first-level -->

**Difficulty:** Intermediate

### 1. Stage one
<!-- id: stage-1 -->

**What you build:** A tool.

Prose that introduces the checklist.

**Key features:**
- Parse input <!-- id: parse -->
- Write output

**Resources:**
- [Docs](https://docs.python.org/)

**Extension ideas:** Colour.

Closing words.

### Read this first
<!-- kind: tips -->

**Bold** text and a list:
- one

### 2. Stage two

**Continues:** Stage one
**Week:** 3
**Collection:** Tools

**Milestones:** Grow it.
"""


def test_ids_guidance_sections_and_facts_are_read_in_place():
    (level,) = parse_track(ANNOTATED).levels
    one, two = level.projects

    assert (level.key, level.difficulty) == ("first-level", "Intermediate")
    assert one.key == "stage-1"
    assert one.milestones == (ItemData("Parse input", key="parse"), ItemData("Write output"))
    assert (one.milestones_label, one.stretch_label) == ("Key features", "Extension ideas")
    assert [
        block if isinstance(block, str) else (block.kind, block.title, block.body)
        for block in blocks_of(one)
    ] == [
        ("note", "", "Prose that introduces the checklist."),
        "milestones",
        ("resources", "Resources", "- [Docs](https://docs.python.org/)"),
        "stretch_goals",
        ("note", "", "Closing words."),
    ]
    (section,) = level.sections
    assert (section.kind, section.title, section.slot) == ("tips", "Read this first", 2)
    assert section.body == "**Bold** text and a list:\n- one"
    assert (two.continues, two.weeks, two.collection) == ("Stage one", "3", "Tools")
    assert [type(item).__name__ for item in interleave(level.sections, level.projects)] == [
        "ProjectData",
        "GuidanceData",
        "ProjectData",
    ]


def test_an_annotated_track_survives_a_round_trip():
    track = parse_track(ANNOTATED)

    rendered = render_track(track)

    assert parse_track(rendered) == track
    assert "- Parse input <!-- id: parse -->\n- Write output\n" in rendered
    assert "**Week:** 3" in rendered


def test_a_kind_comment_after_the_first_line_of_a_project_is_refused():
    error = parse_error("# T\n\n## L\n\n### P\n**Milestones:** a\n<!-- kind: tips -->\n")

    assert (error.line, error.expected) == (
        7,
        "'<!-- kind: … -->' only right after a '###' heading",
    )


def test_an_unknown_kind_of_section_is_refused():
    error = parse_error("# T\n\n## L\n\n### Read\n<!-- kind: story -->\n")

    assert error.line == 6
    assert error.expected.startswith("a kind of reading section: note, objectives, tips")


def test_an_invalid_item_id_is_refused():
    error = parse_error("# T\n\n## L\n\n### P\n**Milestones:**\n- Do it <!-- id: Not A Slug -->\n")

    assert error.line == 7


# --- a track as a whole: every problem, each with its line --------------------------------------


def problems(text: str) -> list[str]:
    return [str(problem) for problem in parse_error(text).problems]


def test_a_project_without_milestones_is_refused_with_its_line():
    assert problems("# T\n\n## L\n\n### Just prose\n\nSome words.\n") == [
        "track.md, line 5: the project “Just prose” has no milestones: list its build steps "
        "under '**Milestones:**' (a section that is only to read gets '<!-- kind: note -->' "
        "right after its heading)"
    ]


def test_every_problem_of_a_track_is_listed_with_its_line():
    text = (
        "# T\n\n"
        "## Empty\n\n"  # line 3
        "## L\n\n"
        "### Same\n<!-- id: p -->\n**Milestones:** a\n\n"  # lines 7-9
        "### Same\n<!-- id: p -->\n**Milestones:**\n- x <!-- id: k -->\n- y <!-- id: k -->\n\n"
        "### Later\n**Continues:** Nothing like it\n**Weeks:** soon\n**Milestones:** z\n\n"
        "### Quiet\n<!-- kind: note -->\n"
    )

    assert problems(text) == [
        "track.md, line 3: the level “Empty” is empty: give it projects, sections or text",
        "track.md, line 11: the project title “Same” is used twice in this level (first on line 7)",
        "track.md, line 12: the project id “p” is used twice (first on line 8)",
        "track.md, line 15: the id “k” is used twice in this project (first on line 14)",
        "track.md, line 18: “Continues: Nothing like it” names no earlier project of this track "
        "(write the title of one project above it)",
        "track.md, line 19: expected a week ('3') or a range of weeks ('37–38'), found 'soon'",
        "track.md, line 22: the reading section “Quiet” has no text",
    ]


def test_a_repeated_explicit_slug_is_refused_with_the_line_of_its_comment():
    text = (
        "# T\n\n## L\n\n### A\n<!-- slug: same -->\n**Milestones:** a\n\n"
        "### B\n<!-- slug: same -->\n**Milestones:** b\n"
    )

    assert problems(text) == [
        "track.md, line 10: the project slug “same” is used twice (first on line 6)"
    ]


# --- bytes ---------------------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_are_refused_with_their_line_and_column():
    raw = "# T\n\n## L\n\n### Café\n".encode() + "**Milestones:** déjà vu\n".encode("latin-1")

    with pytest.raises(CatalogFormatError) as caught:
        parse_track_bytes(raw, source="latin.md")

    assert str(caught.value) == (
        "latin.md, line 6: expected UTF-8 text, found the byte 0xE9 at column 18 "
        "(save the file as UTF-8)"
    )


def test_a_file_over_the_size_cap_is_refused_with_its_size():
    raw = b"# T\n" + b"x" * MAX_TRACK_FILE_BYTES

    with pytest.raises(CatalogFormatError) as caught:
        parse_track_bytes(raw, source="huge.md")

    assert str(caught.value) == (
        "huge.md: the file is 1.0 MB; a track file may be at most 1 MB "
        "(split it into several tracks)"
    )
