"""Parse and render track files, the Markdown format described in docs/catalog-format.md.

Pure Python on purpose (no Django): the import and export commands, the tests and any
other tool can read a track file into plain frozen dataclasses and write it back.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import ftfy
from ftfy.badness import is_bad
from slugify import slugify as _python_slugify

__all__ = [
    "CatalogFormatError",
    "LevelData",
    "ProjectData",
    "TrackData",
    "parse_track",
    "render_track",
    "repair_mojibake",
    "slugify",
    "unique_slug",
]


# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class ProjectData:
    title: str = ""
    slug: str = ""
    what_you_build: str = ""
    difficulty: str = ""
    time_investment: str = ""
    portfolio_value: str = ""
    business_potential: str = ""
    tech_stack: str = ""
    skills: tuple[str, ...] = ()
    learning_objectives: tuple[str, ...] = ()
    milestones: tuple[str, ...] = ()
    stretch_goals: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class LevelData:
    label: str = ""
    title: str = ""
    description: str = ""
    projects: tuple[ProjectData, ...] = ()


@dataclass(frozen=True)
class TrackData:
    title: str = ""
    slug: str = ""
    description: str = ""
    levels: tuple[LevelData, ...] = ()


class CatalogFormatError(ValueError):
    """A track file that does not follow the format; the whole file is refused."""

    def __init__(self, source: str, line: int, expected: str, found: str):
        self.source = source
        self.line = line
        self.expected = expected
        self.found = found
        super().__init__(f"{source}, line {line}: expected {expected}, found {found}")


# ---------------------------------------------------------------------------------------------
# Slugs


def slugify(text: str) -> str:
    """Readable ASCII slug: 'Markdown → HTML Converter' -> 'markdown-html-converter'."""
    return _python_slugify(text)


def unique_slug(base: str, is_taken) -> str:
    """`base`, or the first of `base-2`, `base-3`… for which `is_taken(slug)` is false."""
    candidate, suffix = base, 2
    while is_taken(candidate):
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


def _is_slug(value: str) -> bool:
    return bool(value) and slugify(value) == value


def _default_project_slug(title: str) -> str:
    return slugify(title) or "project"


# ---------------------------------------------------------------------------------------------
# Mojibake repair

# Only the fixes that undo encoding damage; everything that would change correct text
# (quotes, dashes, line breaks, HTML entities, Unicode normalisation, widths, ligatures,
# control characters) is off. The two "guessing" UTF-8 fixers are off too: they read a
# space as a lost 0xA0 byte, which swallows real spaces and invents the wrong emoji.
# explain=True is deliberate: with explain=False, ftfy 6.3 runs its encoding fixer with
# the default options, ignoring restore_byte_a0 and decode_inconsistent_utf8 set here.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=False,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=False,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

# The single-byte code pages ftfy knows how to undo, in ftfy's order of preference.
_CODE_PAGES = (
    "latin-1",
    "windows-1252",
    "windows-1251",
    "windows-1250",
    "windows-1253",
    "windows-1254",
    "windows-1257",
    "iso-8859-2",
    "mac-roman",
    "cp437",
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded with a single-byte code page ("â€”" -> "—").

    ftfy repairs whole lines it can decode. What it leaves are runs mixed with text whose
    bytes were lost: a code page such as windows-1254 has no character for bytes like 0x8F
    or 0x9D, so they vanished and the emoji they belonged to cannot be decoded whole. Those
    runs are re-encoded with the code page that produced them and decoded as UTF-8; the
    complete characters come back and the cut-off remainders (beyond recovery) are dropped.
    """
    text = ftfy.fix_text(text, _FTFY_CONFIG)
    return _NON_ASCII_RUN.sub(_repair_run, text)


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    if not is_bad(run):
        return run
    best_text, best_consumed = run, 0
    for code_page in _CODE_PAGES:
        repaired, consumed = _redecode(run, code_page)
        if consumed > best_consumed:
            best_text, best_consumed = repaired, consumed
    return best_text


def _redecode(run: str, code_page: str) -> tuple[str, int]:
    """Re-decode `run` as UTF-8 bytes shown through `code_page`.

    Returns the new text and how many characters of `run` took part in UTF-8 sequences.
    Characters that do not belong to a sequence are kept as they are.
    """
    raw = [_single_byte(character, code_page) for character in run]
    pieces: list[str] = []
    consumed = 0
    position = 0
    while position < len(run):
        length, decoded = _utf8_sequence_at(raw, position)
        if length:
            pieces.append(decoded)
            consumed += length
            position += length
        else:
            pieces.append(run[position])
            position += 1
    return "".join(pieces), consumed


def _single_byte(character: str, code_page: str) -> int | None:
    try:
        encoded = character.encode(code_page)
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 1 else None


def _utf8_sequence_at(raw: list[int | None], position: int) -> tuple[int, str]:
    """Length and text of the UTF-8 sequence starting at `position` (0 if there is none).

    A sequence cut short (a lead byte and at least one continuation byte, then no more)
    counts with an empty text: its missing bytes are lost.
    """
    expected = _utf8_length(raw[position])
    if expected < 2:
        return 0, ""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for offset in range(expected):
        byte = raw[position + offset] if position + offset < len(raw) else None
        if byte is None:
            return (offset, "") if offset >= 2 else (0, "")
        try:
            decoded = decoder.decode(bytes([byte]))
        except UnicodeDecodeError:
            return (offset, "") if offset >= 2 else (0, "")
        if decoded:
            return offset + 1, decoded
    return 0, ""


def _utf8_length(byte: int | None) -> int:
    if byte is None or byte < 0xC2 or byte > 0xF4:
        return 0
    if byte < 0xE0:
        return 2
    if byte < 0xF0:
        return 3
    return 4


# ---------------------------------------------------------------------------------------------
# Field labels

_TEXT_FIELDS = (
    "what_you_build",
    "difficulty",
    "time_investment",
    "portfolio_value",
    "business_potential",
    "tech_stack",
)
_LIST_SEPARATORS = {
    "skills": ",",
    "learning_objectives": ";",
    "milestones": ";",
    "stretch_goals": ";",
}
_FIELD_LABELS = {
    "what_you_build": ("What you build", "What you'll build", "Description"),
    "difficulty": ("Difficulty", "Difficulty level"),
    "time_investment": ("Time investment", "Time estimate", "Time"),
    "portfolio_value": ("Portfolio value",),
    "business_potential": ("Business potential",),
    "tech_stack": ("Tech stack",),
    "skills": ("Skills you'll learn", "Skills practiced", "Skills"),
    "learning_objectives": ("Learning objectives", "Topics"),
    "milestones": (
        "Milestones",
        "Key features",
        "Steps",
        "Steps to build",
        "Requirements",
        "Goals",
        "Tasks",
        "Practice",
        "Deliverables",
        "Checklist",
    ),
    "stretch_goals": ("Stretch goals", "Extension ideas"),
}
# The labels render_track writes.
_RENDER_LABELS = {
    "what_you_build": "What you build",
    "difficulty": "Difficulty",
    "time_investment": "Time investment",
    "portfolio_value": "Portfolio value",
    "business_potential": "Business potential",
    "tech_stack": "Tech stack",
    "skills": "Skills you’ll learn",
    "learning_objectives": "Learning objectives",
    "milestones": "Milestones",
    "stretch_goals": "Stretch goals",
}


def _normalise_label(label: str) -> str:
    return " ".join(label.replace("’", "'").split()).casefold()


_FIELD_BY_LABEL = {
    _normalise_label(label): name for name, labels in _FIELD_LABELS.items() for label in labels
}


# ---------------------------------------------------------------------------------------------
# Line patterns

_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_FIELD = re.compile(r"^\*\*(?P<label>[^*]+?)(?::\*\*|\*\*:)(?P<value>.*)$")
_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])(?:[ \t]+(?P<text>.*))?$")
_CHECKBOX = re.compile(r"^\[[ xX]\][ \t]+")
_CHECKLIST_LINE = re.compile(r"^[-*+][ \t]+\[[ xX]\]")
_CONTINUATION = re.compile(r"^[ \t]{2,}\S")
_THEMATIC_BREAK = re.compile(r"^ {0,3}-{3,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_LABELED_LEVEL = re.compile(
    r"^(?P<label>[^\W\d_]+ \d+(?:[–-]\d+)?)(?:[ \t]+[—–-]|:)[ \t]+(?P<title>\S.*)$"
)
_NUMBERED_TITLE = re.compile(r"^\d+[.)](?:[ \t]+|$)")
_COMMENT_OPEN = re.compile(r"^<!--(?P<rest>.*)$")
_ONE_LINE_COMMENT = re.compile(r"^<!--(?P<body>.*)-->$")
_METADATA = re.compile(r"^(?P<key>[\w-]+)[ \t]*:[ \t]*(?P<value>.*?)$")


def _split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def _quote(line: str, limit: int = 50) -> str:
    line = line.strip()
    if len(line) > limit:
        cut = line.rfind(" ", 0, limit)
        line = line[: cut if cut > limit // 2 else limit].rstrip() + " …"
    return f"'{line}'"


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
        self.lines = _split_lines(text)
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
            found = _quote(self.lines[line - 1])
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
        heading = _HEADING.match(line or "")
        title = _heading_text(heading) if heading and len(heading["hashes"]) == 1 else ""
        if not title:
            self.fail("a '# Track title' heading as the first line")
        self.title = title

    def read_metadata(self) -> None:
        """The optional `<!-- key: value -->` comment right after the title."""
        start = self.number
        line = self.next_line()
        while line is not None and not line.strip():
            line = self.next_line()
        opening = _COMMENT_OPEN.match(line.strip()) if line is not None else None
        if not opening:
            self.number, self.at_end = start, False
            return
        one_line = _ONE_LINE_COMMENT.match(line.strip())
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
        entry = _METADATA.match(body)
        if not entry or entry["key"].casefold() != "slug":
            self.fail("'slug: <track-slug>' (the only key the comment after the title holds)")
        if not _is_slug(entry["value"]):
            self.fail("a slug of lowercase ASCII letters, digits and hyphens")
        self.slug = entry["value"]

    def read_line(self, line: str) -> None:
        if self.fence:
            self.read_fenced(line)
            return
        if self.open_list and self.read_list_line(line):
            return
        if self.in_checklist:
            if not line.strip() or _CHECKLIST_LINE.match(line):
                return
            self.in_checklist = False
        if self.project and self.read_project_slug(line):
            return
        heading = _HEADING.match(line)
        if heading:
            self.read_heading(line, heading)
        elif not line.strip() or _THEMATIC_BREAK.match(line):
            self.current_text().end_paragraph()
        elif _FIELD.match(line) and self.read_field(_FIELD.match(line)):
            return
        else:
            self.read_free_line(line)

    def read_fenced(self, line: str) -> None:
        self.current_text().add(line)
        closing = _FENCE.match(line)
        if closing and closing["fence"].startswith(self.fence) and not line.strip(" `~"):
            self.fence = ""

    def read_free_line(self, line: str) -> None:
        opening = _FENCE.match(line)
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
        text = _heading_text(heading)
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
        labeled = _LABELED_LEVEL.match(text)
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
        title = _NUMBERED_TITLE.sub("", text, count=1).strip()
        if not title:
            self.fail("a project title after '###'")
        self.project = _ProjectDraft(line=self.number, title=title)
        self.levels[-1].projects.append(self.project)

    def read_project_slug(self, line: str) -> bool:
        """Read a `<!-- slug: … -->` line of a project (export writes it after the heading)."""
        comment = _ONE_LINE_COMMENT.match(line.strip())
        entry = _METADATA.match(comment["body"].strip()) if comment else None
        if not entry or entry["key"].casefold() != "slug":
            return False
        if self.project.explicit_slug:
            self.fail("one slug comment per project")
        if not _is_slug(entry["value"]):
            self.fail("a slug of lowercase ASCII letters, digits and hyphens")
        self.project.explicit_slug = entry["value"]
        self.project.line = self.number
        return True

    # -- fields ------------------------------------------------------------------------------

    def read_field(self, match: re.Match[str]) -> bool:
        """Read a `**Label:** value` line; False when it is ordinary bold text."""
        name = _FIELD_BY_LABEL.get(_normalise_label(match["label"]))
        if self.project is None:
            if name is None:
                return False
            self.fail("a '### Project' heading before a field")
        if name is None:
            self.fail("a known field label (see the label table of the format)")
        self.project.notes.end_paragraph()
        label, value = match["label"].strip(), match["value"].strip()
        if name in _TEXT_FIELDS:
            self.set_text_field(name, label, value)
        elif value:
            items = _split_inline(value, _LIST_SEPARATORS[name])
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
        item = _ITEM.match(line)
        if item:
            text = _CHECKBOX.sub("", (item["text"] or "").strip())
            if not text:
                self.fail(f"the text of an item of the '{open_list.label}' field")
            open_list.items.append(text)
            return True
        if open_list.items and _CONTINUATION.match(line):
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
            candidate = unique_slug(_default_project_slug(draft.title), used.__contains__)
            used.add(candidate)
            slugs[id(draft)] = candidate
        return slugs


def _heading_text(heading: re.Match[str]) -> str:
    return _CLOSING_HASHES.sub("", (heading["text"] or "").strip()).strip()


def _build_project(draft: _ProjectDraft, slug: str) -> ProjectData:
    return ProjectData(
        title=draft.title,
        slug=slug,
        **{name: draft.texts.get(name, "") for name in _TEXT_FIELDS},
        **{name: tuple(draft.lists.get(name, ())) for name in _LIST_SEPARATORS},
        notes=draft.notes.value(),
    )


def _split_inline(value: str, separator: str) -> tuple[str, ...]:
    """Split an inline list; a separator inside parentheses or brackets does not count."""
    value = value.strip().removesuffix(".")
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for character in value:
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth = max(depth - 1, 0)
        if character == separator and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(character)
    items.append("".join(current))
    return tuple(item.strip() for item in items if item.strip())


def parse_track(text: str, source: str = "<string>") -> TrackData:
    """Parse a track file; raise CatalogFormatError (file, line, expectation) if malformed."""
    text = repair_mojibake(text.removeprefix("\ufeff"))
    return _Parser(text, source).parse()


# ---------------------------------------------------------------------------------------------
# Rendering


def render_track(track: TrackData) -> str:
    """Write a track in the file format; parse_track gives the same data back."""
    slug = track.slug or slugify(track.title)
    parts = [f"# {track.title}\n<!--\nslug: {slug}\n-->"]
    if track.description:
        parts.append(track.description)
    for index, level in enumerate(track.levels):
        if index:
            parts.append("---")
        parts.extend(_render_level(level))
    return "\n\n".join(parts) + "\n"


def _render_level(level: LevelData) -> list[str]:
    heading = f"## {level.label} — {level.title}" if level.label else f"## {level.title}"
    parts = [heading]
    if level.description:
        parts.append(level.description)
    if level.projects:
        checklist = [f"- [ ] {number}. {p.title}" for number, p in enumerate(level.projects, 1)]
        parts.append("\n".join(["#### Checklist", *checklist]))
    for number, project in enumerate(level.projects, 1):
        parts.extend(_render_project(number, project))
    return parts


def _render_project(number: int, project: ProjectData) -> list[str]:
    heading = f"### {number}. {project.title}"
    if project.slug and project.slug != _default_project_slug(project.title):
        heading += f"\n<!-- slug: {project.slug} -->"
    parts = [heading]
    if project.what_you_build:
        parts.append(_render_text_field("what_you_build", project.what_you_build))
    if project.notes:
        parts.append(project.notes)
    for name in _TEXT_FIELDS[1:]:
        value = getattr(project, name)
        if value:
            parts.append(_render_text_field(name, value))
    for name in _LIST_SEPARATORS:
        items = getattr(project, name)
        if items:
            parts.append(_render_list_field(name, items))
    return parts


def _render_text_field(name: str, value: str) -> str:
    return f"**{_RENDER_LABELS[name]}:** {value}"


def _render_list_field(name: str, items: tuple[str, ...]) -> str:
    """One line like the original document when it reads back the same, else one item a line.

    Items that end with a period are sentences; they stay one a line to be readable.
    """
    label = _RENDER_LABELS[name]
    separator = _LIST_SEPARATORS[name]
    inline = f"{separator} ".join(items) + "."
    if _split_inline(inline, separator) == tuple(items) and not any(
        item.endswith(".") for item in items
    ):
        return f"**{label}:** {inline}"
    return "\n".join([f"**{label}:**", *(f"- {item}" for item in items)])
