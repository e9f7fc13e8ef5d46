"""Write TrackData back as a track file; parse_track reads it back the same."""

from __future__ import annotations

from curriculum.catalog_format.data import (
    LevelData,
    ProjectData,
    TrackData,
    default_project_slug,
    slugify,
)
from curriculum.catalog_format.fields import (
    LIST_SEPARATORS,
    RENDER_LABELS,
    TEXT_FIELDS,
    split_inline,
)


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
    if project.slug and project.slug != default_project_slug(project.title):
        heading += f"\n<!-- slug: {project.slug} -->"
    parts = [heading]
    if project.what_you_build:
        parts.append(_render_text_field("what_you_build", project.what_you_build))
    if project.notes:
        parts.append(project.notes)
    for name in TEXT_FIELDS[1:]:
        value = getattr(project, name)
        if value:
            parts.append(_render_text_field(name, value))
    for name in LIST_SEPARATORS:
        items = getattr(project, name)
        if items:
            parts.append(_render_list_field(name, items))
    return parts


def _render_text_field(name: str, value: str) -> str:
    return f"**{RENDER_LABELS[name]}:** {value}"


def _render_list_field(name: str, items: tuple[str, ...]) -> str:
    """One line like the original document when it reads back the same, else one item a line.

    Items that end with a period are sentences; they stay one a line to be readable.
    """
    label = RENDER_LABELS[name]
    separator = LIST_SEPARATORS[name]
    inline = f"{separator} ".join(items) + "."
    if split_inline(inline, separator) == tuple(items) and not any(
        item.endswith(".") for item in items
    ):
        return f"**{label}:** {inline}"
    return "\n".join([f"**{label}:**", *(f"- {item}" for item in items)])
