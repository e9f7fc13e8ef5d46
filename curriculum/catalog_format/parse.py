"""Read a track file into TrackData; a malformed file is refused with its file and line."""

from __future__ import annotations

import re

from curriculum.catalog_format.data import (
    GUIDANCE_KINDS,
    CatalogFormatError,
    TrackData,
    is_slug,
    slugify,
)
from curriculum.catalog_format.drafts import (
    GuidanceDraft,
    LevelDraft,
    ProjectDraft,
    Text,
    build_track,
)
from curriculum.catalog_format.parse_fields import FieldReader, OpenList
from curriculum.catalog_format.repair import repair_mojibake
from curriculum.catalog_format.syntax import (
    CHECKLIST_LINE,
    COMMENT_OPEN,
    FENCE,
    FIELD,
    HEADING,
    LABELED_LEVEL,
    METADATA,
    NUMBERED_TITLE,
    ONE_LINE_COMMENT,
    THEMATIC_BREAK,
    heading_text,
    quote,
    split_lines,
)
from curriculum.catalog_format.validate import validate_track


class _Parser(FieldReader):
    def __init__(self, text: str, source: str):
        self.source = source
        self.lines = split_lines(text)
        self.number = 0  # 1-based number of the line being read
        self.title = ""
        self.slug = ""
        self.description = Text()
        self.levels: list[LevelDraft] = []
        self.project: ProjectDraft | None = None
        self.section: GuidanceDraft | None = None
        self.open_list: OpenList | None = None
        self.in_checklist = False
        self.fence = ""
        self.fence_line = 0
        self.at_end = False

    # -- errors ------------------------------------------------------------------------------

    def fail(self, expected: str, line: int | None = None) -> None:
        """Refuse the file at `line` (default: the line being read)."""
        if line is None and self.at_end:
            found = "the end of the file"
        else:
            line = line or self.number
            found = quote(self.lines[line - 1])
        raise CatalogFormatError.at(self.source, line or self.number, expected, found)

    # -- reading -----------------------------------------------------------------------------

    def next_line(self) -> str | None:
        if self.number >= len(self.lines):
            self.at_end = True
            # An editor shows the empty line after a final newline as the last line.
            self.number = len(self.lines) if self.lines[-1] == "" else len(self.lines) + 1
            return None
        self.number += 1
        return self.lines[self.number - 1]

    def parse(self) -> TrackData:
        self.read_title()
        self.read_metadata()
        while (line := self.next_line()) is not None:
            self.read_line(line)
        self.close_list()
        if self.fence:
            self.fail(f"a closing {self.fence} for the code block of line {self.fence_line}")
        if not self.levels:
            self.fail("a '## Level' heading (a track needs at least one level)")
        return build_track(
            title=self.title,
            slug=self.slug or slugify(self.title) or "track",
            description=self.description,
            levels=self.levels,
            source=self.source,
        )

    def read_title(self) -> None:
        line = self.next_line()
        while line is not None and not line.strip():
            line = self.next_line()
        heading = HEADING.match(line or "")
        title = heading_text(heading) if heading and len(heading["hashes"]) == 1 else ""
        if not title:
            self.fail("a '# Track title' heading as the first line")
        self.title = title

    def read_metadata(self) -> None:
        """The optional `<!-- key: value -->` comment right after the title."""
        start = self.number
        line = self.next_line()
        while line is not None and not line.strip():
            line = self.next_line()
        opening = COMMENT_OPEN.match(line.strip()) if line is not None else None
        if not opening:
            self.number, self.at_end = start, False
            return
        one_line = ONE_LINE_COMMENT.match(line.strip())
        if one_line:
            self.read_metadata_entry(one_line["body"])
            return
        self.read_metadata_entry(opening["rest"])
        while (line := self.next_line()) is not None:
            body, closed = line.strip(), line.strip().endswith("-->")
            self.read_metadata_entry(body.removesuffix("-->") if closed else body)
            if closed:
                return
        self.fail("'-->' closing the comment after the title")

    def read_metadata_entry(self, body: str) -> None:
        body = body.strip()
        if not body:
            return
        entry = METADATA.match(body)
        if not entry or entry["key"].casefold() != "slug":
            self.fail("'slug: <track-slug>' (the only key the comment after the title holds)")
        self.slug = self.slug_value(entry["value"])

    def slug_value(self, value: str) -> str:
        if not is_slug(value):
            self.fail("a slug of lowercase ASCII letters, digits and hyphens")
        return value

    def read_line(self, line: str) -> None:
        if self.fence:
            self.read_fenced(line)
            return
        if self.open_list and self.read_list_line(line):
            return
        if self.in_checklist:
            if not line.strip() or CHECKLIST_LINE.match(line):
                return
            self.in_checklist = False
        if self.read_key_comment(line):
            return
        heading = HEADING.match(line)
        if heading:
            self.read_heading(line, heading)
        elif not line.strip() or THEMATIC_BREAK.match(line):
            self.end_paragraph()
        elif self.section is None and FIELD.match(line) and self.read_field(FIELD.match(line)):
            return
        else:
            self.read_free_line(line)

    def read_fenced(self, line: str) -> None:
        self.current_text().add(line)
        closing = FENCE.match(line)
        if closing and closing["fence"].startswith(self.fence) and not line.strip(" `~"):
            self.fence = ""

    def read_free_line(self, line: str) -> None:
        opening = FENCE.match(line)
        if opening:
            self.fence = opening["fence"][0] * len(opening["fence"])
            self.fence_line = self.number
        self.current_text().add(line)

    def end_paragraph(self) -> None:
        if self.project is None or self.section:
            self.current_text().end_paragraph()
        elif self.project.blocks and isinstance(self.project.blocks[-1], GuidanceDraft):
            self.project.blocks[-1].text.end_paragraph()

    def current_text(self) -> Text:
        if self.section:
            return self.section.text
        if self.project:
            return self.project.note(self.number)
        if self.levels:
            return self.levels[-1].description
        return self.description

    # -- headings and their keys -------------------------------------------------------------

    def read_heading(self, line: str, heading: re.Match[str]) -> None:
        depth = len(heading["hashes"])
        text = heading_text(heading)
        if depth == 1:
            self.fail("a '## Level' or '### Project' heading (a track has one '# ' title)")
        elif depth == 2:
            self.start_level(text)
        elif depth == 3:
            self.start_project(text)
        elif depth == 4 and text.casefold() == "checklist" and not self.section:
            self.close_list()
            self.end_paragraph()
            self.in_checklist = True
        else:
            self.read_free_line(line)

    def start_level(self, text: str) -> None:
        self.close_list()
        if not text:
            self.fail("a level title after '##'")
        labeled = LABELED_LEVEL.match(text)
        label, title = (labeled["label"], labeled["title"].strip()) if labeled else ("", text)
        self.levels.append(LevelDraft(label=label, title=title, line=self.number))
        self.project = self.section = None

    def start_project(self, text: str) -> None:
        self.close_list()
        if not self.levels:
            self.fail("a '## Level' heading before a project")
        title = NUMBERED_TITLE.sub("", text, count=1).strip()
        if not title:
            self.fail("a project title after '###'")
        self.project, self.section = ProjectDraft(line=self.number, title=title), None
        self.levels[-1].items.append(self.project)

    def read_key_comment(self, line: str) -> bool:
        """A `<!-- id: … -->`, `<!-- slug: … -->` or `<!-- kind: … -->` line of the level or
        project being read. Other comments are ordinary Markdown."""
        comment = ONE_LINE_COMMENT.match(line.strip())
        entry = METADATA.match(comment["body"].strip()) if comment else None
        key = entry["key"].casefold() if entry else ""
        if self.section or not self.levels or key not in ("id", "slug", "kind"):
            return False
        value = entry["value"].strip()
        if key == "kind":
            self.start_section(value)
        elif self.project is None:
            self.set_level_key(key, value)
        elif key == "slug":
            if self.project.explicit_slug:
                self.fail("one slug comment per project")
            self.project.explicit_slug = self.slug_value(value)
            self.project.lines["slug"] = self.number
        else:
            if self.project.key:
                self.fail("one id comment per project")
            self.project.key = self.slug_value(value)
            self.project.lines["key"] = self.number
        return True

    def set_level_key(self, key: str, value: str) -> None:
        level = self.levels[-1]
        if key != "id":
            self.fail("'<!-- id: … -->' (a level's only key)")
        if level.key:
            self.fail("one id comment per level")
        level.key = self.slug_value(value)

    def start_section(self, kind: str) -> None:
        """`<!-- kind: tips -->` right after a '###' heading makes it a reading section."""
        if self.project is None or not self.project.is_empty:
            self.fail("'<!-- kind: … -->' only right after a '###' heading")
        if kind not in GUIDANCE_KINDS:
            self.fail(f"a kind of reading section: {', '.join(GUIDANCE_KINDS)}")
        level = self.levels[-1]
        self.section = GuidanceDraft(kind=kind, title=self.project.title, line=self.project.line)
        level.items[level.items.index(self.project)] = self.section
        self.project = None


def parse_track(text: str, source: str = "<string>") -> TrackData:
    """Parse a track file; raise CatalogFormatError (file, line, expectation) if malformed,
    or with every problem found when the file reads but does not make a valid track."""
    text = repair_mojibake(text.removeprefix("\ufeff"))
    track = _Parser(text, source).parse()
    validate_track(track)
    return track
