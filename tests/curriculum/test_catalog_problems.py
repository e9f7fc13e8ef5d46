"""The track file format's refusals: malformed files, every problem of a track with its line,
and bytes that are not UTF-8 or too many."""

import pytest

from curriculum.catalog_format import (
    MAX_TRACK_FILE_BYTES,
    CatalogFormatError,
    parse_track,
    parse_track_bytes,
)
from tests.curriculum.catalog_format_helpers import parse_error

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
