"""Read a track file into TrackData; a malformed file is refused with its file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from curriculum.catalog_format.data import (
    CatalogFormatError,
    LevelData,
    ProjectData,
    TrackData,
    default_project_slug,
    is_slug,
    slugify,
    unique_slug,
)
from curriculum.catalog_format.fields import (
    FIELD_BY_LABEL,
    LIST_SEPARATORS,
    TEXT_FIELDS,
    normalise_label,
    split_inline,
)
from curriculum.catalog_format.repair import repair_mojibake
from curriculum.catalog_format.syntax import (
    CHECKBOX,
    CHECKLIST_LINE,
    COMMENT_OPEN,
    CONTINUATION,
    FENCE,
    FIELD,
    HEADING,
    ITEM,
    LABELED_LEVEL,
    METADATA,
    NUMBERED_TITLE,
    ONE_LINE_COMMENT,
    THEMATIC_BREAK,
    heading_text,
    quote,
    split_lines,
)

# ---------------------------------------------------------------------------------------------
# Parsing


class _Text:
    """Free Markdown lines, kept as paragraphs separated by one blank line."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self.current: list[str] = []

    def add(self, line: str) -> None:
        self.current.append(line.rstrip())

    def end_paragraph(self) -> None:
        if self.current:
            self.blocks.append(self.current)
            self.current = []

    def value(self) -> str:
        self.end_paragraph()
        return "\n\n".join("\n".join(block) for block in self.blocks)


@dataclass
class _ProjectDraft:
    line: int
    title: str
    explicit_slug: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    notes: _Text = field(default_factory=_Text)


@dataclass
class _LevelDraft:
    label: str
    title: str
    description: _Text = field(default_factory=_Text)
    projects: list[_ProjectDraft] = field(default_factory=list)


@dataclass
class _OpenList:
    """A list field whose value is the item lines that follow its label."""

    name: str
    label_line: int
    label: str
    items: list[str] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, source: str):
        self.source = source
        self.lines = split_lines(text)
        self.number = 0  # 1-based number of the line being read
        self.title = ""
        self.slug = ""
        self.description = _Text()
        self.levels: list[_LevelDraft] = []
        self.project: _ProjectDraft | None = None
        self.open_list: _OpenList | None = None
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
        raise CatalogFormatError(self.source, line or self.number, expected, found)

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
        return self.build()

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
        if not is_slug(entry["value"]):
            self.fail("a slug of lowercase ASCII letters, digits and hyphens")
        self.slug = entry["value"]

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
        if self.project and self.read_project_slug(line):
            return
        heading = HEADING.match(line)
        if heading:
            self.read_heading(line, heading)
        elif not line.strip() or THEMATIC_BREAK.match(line):
            self.current_text().end_paragraph()
        elif FIELD.match(line) and self.read_field(FIELD.match(line)):
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

    def current_text(self) -> _Text:
        if self.project:
            return self.project.notes
        if self.levels:
            return self.levels[-1].description
        return self.description

    # -- headings ----------------------------------------------------------------------------

    def read_heading(self, line: str, heading: re.Match[str]) -> None:
        depth = len(heading["hashes"])
        text = heading_text(heading)
        if depth == 1:
            self.fail("a '## Level' or '### Project' heading (a track has one '# ' title)")
        elif depth == 2:
            self.start_level(text)
        elif depth == 3:
            self.start_project(text)
        elif depth == 4 and text.casefold() == "checklist":
            self.close_list()
            self.current_text().end_paragraph()
            self.in_checklist = True
        else:
            self.read_free_line(line)

    def start_level(self, text: str) -> None:
        self.close_list()
        if not text:
            self.fail("a level title after '##'")
        labeled = LABELED_LEVEL.match(text)
        if labeled:
            level = _LevelDraft(label=labeled["label"], title=labeled["title"].strip())
        else:
            level = _LevelDraft(label="", title=text)
        self.levels.append(level)
        self.project = None

    def start_project(self, text: str) -> None:
        self.close_list()
        if not self.levels:
            self.fail("a '## Level' heading before a project")
        title = NUMBERED_TITLE.sub("", text, count=1).strip()
        if not title:
            self.fail("a project title after '###'")
        self.project = _ProjectDraft(line=self.number, title=title)
        self.levels[-1].projects.append(self.project)

    def read_project_slug(self, line: str) -> bool:
        """Read a `<!-- slug: … -->` line of a project (export writes it after the heading)."""
        comment = ONE_LINE_COMMENT.match(line.strip())
        entry = METADATA.match(comment["body"].strip()) if comment else None
        if not entry or entry["key"].casefold() != "slug":
            return False
        if self.project.explicit_slug:
            self.fail("one slug comment per project")
        if not is_slug(entry["value"]):
            self.fail("a slug of lowercase ASCII letters, digits and hyphens")
        self.project.explicit_slug = entry["value"]
        self.project.line = self.number
        return True

    # -- fields ------------------------------------------------------------------------------

    def read_field(self, match: re.Match[str]) -> bool:
        """Read a `**Label:** value` line; False when it is ordinary bold text."""
        name = FIELD_BY_LABEL.get(normalise_label(match["label"]))
        if self.project is None:
            if name is None:
                return False
            self.fail("a '### Project' heading before a field")
        if name is None:
            self.fail("a known field label (see the label table of the format)")
        self.project.notes.end_paragraph()
        label, value = match["label"].strip(), match["value"].strip()
        if name in TEXT_FIELDS:
            self.set_text_field(name, label, value)
        elif value:
            items = split_inline(value, LIST_SEPARATORS[name])
            if not items:
                self.fail(f"at least one item in the '{label}' field")
            self.project.lists.setdefault(name, []).extend(items)
        else:
            self.open_list = _OpenList(name=name, label_line=self.number, label=label)
        return True

    def set_text_field(self, name: str, label: str, value: str) -> None:
        if not value:
            self.fail(f"a value after the '{label}' label")
        if name in self.project.texts:
            self.fail(f"one '{label}' field per project")
        self.project.texts[name] = value

    def read_list_line(self, line: str) -> bool:
        """Add an item line to the open list field; False when the line ends the list."""
        open_list = self.open_list
        if not line.strip():
            return True
        item = ITEM.match(line)
        if item:
            text = CHECKBOX.sub("", (item["text"] or "").strip())
            if not text:
                self.fail(f"the text of an item of the '{open_list.label}' field")
            open_list.items.append(text)
            return True
        if open_list.items and CONTINUATION.match(line):
            open_list.items[-1] = f"{open_list.items[-1]} {line.strip()}"
            return True
        self.close_list()
        return False

    def close_list(self) -> None:
        open_list, self.open_list = self.open_list, None
        if open_list is None:
            return
        if not open_list.items:
            self.fail(
                f"a '- item' line for the '{open_list.label}' field of line {open_list.label_line}"
            )
        self.project.lists.setdefault(open_list.name, []).extend(open_list.items)

    # -- result ------------------------------------------------------------------------------

    def build(self) -> TrackData:
        slugs = self.project_slugs()
        levels = tuple(
            LevelData(
                label=level.label,
                title=level.title,
                description=level.description.value(),
                projects=tuple(_build_project(draft, slugs[id(draft)]) for draft in level.projects),
            )
            for level in self.levels
        )
        return TrackData(
            title=self.title,
            slug=self.slug or slugify(self.title) or "track",
            description=self.description.value(),
            levels=levels,
        )

    def project_slugs(self) -> dict[int, str]:
        """Explicit slugs as written; the others from the title, made unique with -2, -3."""
        drafts = [draft for level in self.levels for draft in level.projects]
        slugs: dict[int, str] = {}
        for draft in drafts:
            if not draft.explicit_slug:
                continue
            if draft.explicit_slug in slugs.values():
                self.fail("a project slug not used earlier in the track", line=draft.line)
            slugs[id(draft)] = draft.explicit_slug
        used = set(slugs.values())
        for draft in drafts:
            if id(draft) in slugs:
                continue
            candidate = unique_slug(default_project_slug(draft.title), used.__contains__)
            used.add(candidate)
            slugs[id(draft)] = candidate
        return slugs


def _build_project(draft: _ProjectDraft, slug: str) -> ProjectData:
    return ProjectData(
        title=draft.title,
        slug=slug,
        **{name: draft.texts.get(name, "") for name in TEXT_FIELDS},
        **{name: tuple(draft.lists.get(name, ())) for name in LIST_SEPARATORS},
        notes=draft.notes.value(),
    )


def parse_track(text: str, source: str = "<string>") -> TrackData:
    """Parse a track file; raise CatalogFormatError (file, line, expectation) if malformed."""
    text = repair_mojibake(text.removeprefix("\ufeff"))
    return _Parser(text, source).parse()
