"""The data a track file holds, as plain frozen dataclasses, and the slug rules.

Line numbers ride along for error messages (`line`, `lines`) but never take part in equality:
two tracks are the same when their content is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slugify import slugify as _python_slugify

# ---------------------------------------------------------------------------------------------
# Data

# Guidance: what a source says around the build steps. Never ticked, never counted.
GUIDANCE_KINDS = ("note", "objectives", "tips", "outcomes", "resources", "questions", "rubric")


@dataclass(frozen=True)
class ItemData:
    """A milestone or a stretch goal; `key` is its stable id (empty when the file gives none)."""

    text: str
    key: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class GuidanceData:
    """A block of guidance (Markdown). `slot` is its place among its owner's blocks: a
    project's guidance, checklist and stretch goals; a level's reading sections and projects."""

    kind: str
    title: str = ""
    body: str = ""
    slot: int = 1
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ProjectData:
    title: str = ""
    slug: str = ""
    key: str = ""
    what_you_build: str = ""
    difficulty: str = ""
    time_investment: str = ""
    portfolio_value: str = ""
    business_potential: str = ""
    tech_stack: str = ""
    collection: str = ""
    continues: str = ""
    weeks: str = ""
    skills: tuple[str, ...] = ()
    milestones_label: str = ""
    milestones: tuple[ItemData, ...] = ()
    stretch_label: str = ""
    stretch_goals: tuple[ItemData, ...] = ()
    guidance: tuple[GuidanceData, ...] = ()
    line: int = field(default=0, compare=False)
    # The line of each field as written, by field name, for messages about its value.
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class LevelData:
    label: str = ""
    title: str = ""
    key: str = ""
    difficulty: str = ""
    description: str = ""
    projects: tuple[ProjectData, ...] = ()
    sections: tuple[GuidanceData, ...] = ()
    line: int = field(default=0, compare=False)
    difficulty_line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TrackData:
    title: str = ""
    slug: str = ""
    description: str = ""
    levels: tuple[LevelData, ...] = ()
    source: str = field(default="<string>", compare=False)
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class Problem:
    source: str
    line: int | None
    message: str

    def __str__(self):
        where = f"{self.source}, line {self.line}" if self.line else self.source
        return f"{where}: {self.message}"


class CatalogFormatError(ValueError):
    """A track file that cannot be imported; the whole file is refused. Every problem names
    the file and, where there is one, the line. A syntax error (`at`) also keeps what was
    expected and what was found."""

    def __init__(self, problems: list[Problem], *, expected: str = "", found: str = ""):
        self.problems = problems
        self.expected = expected
        self.found = found
        super().__init__("\n".join(str(problem) for problem in problems))

    @classmethod
    def at(cls, source: str, line: int, expected: str, found: str) -> CatalogFormatError:
        message = f"expected {expected}, found {found}"
        return cls([Problem(source, line, message)], expected=expected, found=found)

    @property
    def source(self) -> str:
        return self.problems[0].source

    @property
    def line(self) -> int | None:
        return self.problems[0].line


# ---------------------------------------------------------------------------------------------
# Blocks in order


def interleave(placed, fillers, slot_of=lambda block: block.slot) -> list:
    """`placed` blocks sit at their slot (1-based) in the merged order; `fillers`, in their
    own order, take the slots left free. Slots past the end simply follow."""
    placed = sorted(placed, key=slot_of)
    fillers = list(fillers)
    merged: list = []
    while placed or fillers:
        if placed and (slot_of(placed[0]) <= len(merged) + 1 or not fillers):
            merged.append(placed.pop(0))
        else:
            merged.append(fillers.pop(0))
    return merged


def project_fillers(project: ProjectData) -> list[str]:
    """The blocks of a project that are not guidance, in their fixed order."""
    return [name for name in ("milestones", "stretch_goals") if getattr(project, name)]


# ---------------------------------------------------------------------------------------------
# Slugs and keys


def slugify(text: str, max_length: int = 0) -> str:
    """Readable ASCII slug: 'Markdown → HTML Converter' -> 'markdown-html-converter'; with
    `max_length`, the first words that fit ('handle-invalid-input')."""
    slug = _python_slugify(text)
    if not max_length or len(slug) <= max_length:
        return slug
    words = slug.split("-")
    kept = words[0][:max_length]
    for word in words[1:]:
        if len(kept) + 1 + len(word) > max_length:
            break
        kept += f"-{word}"
    return kept


def unique_slug(base: str, is_taken) -> str:
    """`base`, or the first of `base-2`, `base-3`… for which `is_taken(slug)` is false."""
    candidate, suffix = base, 2
    while is_taken(candidate):
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


def is_slug(value: str) -> bool:
    return bool(value) and slugify(value) == value


SLUG_LENGTH = 80
ITEM_KEY_LENGTH = 30


def default_project_slug(title: str) -> str:
    return slugify(title, SLUG_LENGTH) or "project"


def default_item_key(text: str) -> str:
    """The key a new milestone gets: the first words of its text ('handle-invalid-input')."""
    return slugify(text, ITEM_KEY_LENGTH) or "item"
