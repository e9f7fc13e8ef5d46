"""The track file format: round trips and rendering, slugs, mojibake repair, ids, guidance and
reading sections."""

import re

import pytest

from curriculum.catalog_format import (
    ItemData,
    LevelData,
    ProjectData,
    TrackData,
    interleave,
    parse_track,
    render_track,
    repair_mojibake,
    slugify,
)
from tests.curriculum.catalog_format_helpers import (
    CATALOG,
    SHIPPED,
    all_projects,
    blocks_of,
    load,
    parse_error,
    texts,
)

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
