"""The data a track file holds, as plain frozen dataclasses, and the slug rules."""

from __future__ import annotations

from dataclasses import dataclass

from slugify import slugify as _python_slugify

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


def is_slug(value: str) -> bool:
    return bool(value) and slugify(value) == value


def default_project_slug(title: str) -> str:
    return slugify(title) or "project"
