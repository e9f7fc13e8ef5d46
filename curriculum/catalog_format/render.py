"""Write TrackData back as a track file; parse_track reads it back the same."""

from __future__ import annotations

from curriculum.catalog_format.data import (
    GuidanceData,
    ItemData,
    LevelData,
    ProjectData,
    TrackData,
    default_project_slug,
    interleave,
    project_fillers,
    slugify,
)
from curriculum.catalog_format.fields import (
    LIST_SEPARATORS,
    RENDER_LABELS,
    TEXT_FIELDS,
    guidance_label,
    list_label,
    split_inline,
)
from curriculum.catalog_format.syntax import CONTINUATION, ITEM

LIST_LABEL_FIELDS = {"milestones": "milestones_label", "stretch_goals": "stretch_label"}


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
    if level.key:
        heading += f"\n<!-- id: {level.key} -->"
    parts = [heading]
    if level.difficulty:
        parts.append(f"**{RENDER_LABELS['difficulty']}:** {level.difficulty}")
    if level.description:
        parts.append(level.description)
    if level.projects:
        checklist = [f"- [ ] {number}. {p.title}" for number, p in enumerate(level.projects, 1)]
        parts.append("\n".join(["#### Checklist", *checklist]))
    numbers = {id(project): number for number, project in enumerate(level.projects, 1)}
    for item in interleave(level.sections, level.projects):
        if isinstance(item, GuidanceData):
            parts.extend(_render_section(item))
        else:
            parts.extend(_render_project(numbers[id(item)], item))
    return parts


def _text_label(name: str, value: str) -> str:
    if name == "weeks" and value.isdigit():
        return "Week"
    return RENDER_LABELS[name]


def _render_section(section: GuidanceData) -> list[str]:
    return [f"### {section.title}\n<!-- kind: {section.kind} -->", section.body]


def _render_project(number: int, project: ProjectData) -> list[str]:
    heading = f"### {number}. {project.title}"
    if project.key:
        heading += f"\n<!-- id: {project.key} -->"
    if project.slug and project.slug != default_project_slug(project.title):
        heading += f"\n<!-- slug: {project.slug} -->"
    parts = [heading]
    for name in TEXT_FIELDS:
        value = getattr(project, name)
        if value:
            parts.append(f"**{_text_label(name, value)}:** {value}")
    if project.skills:
        parts.append(_render_inline_or_bullets("skills", project.skills))
    for block in interleave(project.guidance, project_fillers(project)):
        if isinstance(block, GuidanceData):
            parts.append(_render_guidance(block))
        else:
            label = list_label(block, getattr(project, LIST_LABEL_FIELDS[block]))
            parts.append(_render_items(block, label, getattr(project, block)))
    return parts


def _render_guidance(block: GuidanceData) -> str:
    if block.kind == "note" and not block.title:
        return block.body
    label = guidance_label(block.kind, block.title)
    lines = block.body.splitlines()
    if all(ITEM.match(line) or CONTINUATION.match(line) or not line.strip() for line in lines):
        return "\n".join([f"**{label}:**", *lines])
    return f"**{label}:** {block.body}"


def _render_items(name: str, label: str, items: tuple[ItemData, ...]) -> str:
    if not any(item.key for item in items):
        return _render_inline_or_bullets(name, tuple(item.text for item in items), label)
    lines = [
        f"- {item.text} <!-- id: {item.key} -->" if item.key else f"- {item.text}" for item in items
    ]
    return "\n".join([f"**{label}:**", *lines])


def _item_line(item: ItemData) -> list[str]:
    return [f"- {item.text} <!-- id: {item.key} -->" if item.key else f"- {item.text}"]


def _render_inline_or_bullets(name: str, items: tuple[str, ...], label: str = "") -> str:
    """One line like the original document when it reads back the same, else one item a line.

    Items that end with a period are sentences; they stay one a line to be readable.
    """
    label = label or RENDER_LABELS[name]
    separator = LIST_SEPARATORS[name]
    inline = f"{separator} ".join(items) + "."
    if split_inline(inline, separator) == tuple(items) and not any(
        item.endswith(".") for item in items
    ):
        return f"**{label}:** {inline}"
    return "\n".join([f"**{label}:**", *(f"- {item}" for item in items)])
