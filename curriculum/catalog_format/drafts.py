"""What the parser collects while it reads, and how that becomes TrackData."""

from __future__ import annotations

from dataclasses import dataclass, field

from curriculum.catalog_format.data import (
    GuidanceData,
    ItemData,
    LevelData,
    ProjectData,
    TrackData,
    default_project_slug,
    unique_slug,
)
from curriculum.catalog_format.fields import (
    ITEM_LISTS,
    RENDER_LABELS,
    TEXT_FIELDS,
    normalise_label,
)


class Text:
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
class GuidanceDraft:
    """A guidance block of a project (a labelled field or prose), or a level's reading section."""

    kind: str
    title: str
    line: int
    text: Text = field(default_factory=Text)

    def build(self, slot: int) -> GuidanceData:
        return GuidanceData(
            kind=self.kind, title=self.title, body=self.text.value(), slot=slot, line=self.line
        )


@dataclass
class ProjectDraft:
    line: int
    title: str
    explicit_slug: str = ""
    key: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    skills: list[str] = field(default_factory=list)
    items: dict[str, list[ItemData]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    # In source order: GuidanceDrafts, and the names of the item lists where they first appear.
    blocks: list[GuidanceDraft | str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.texts or self.skills or self.items or self.blocks or self.key)

    def note(self, line: int) -> Text:
        """The prose block being written: the last block when it is prose, else a new one."""
        last = self.blocks[-1] if self.blocks else None
        if not (isinstance(last, GuidanceDraft) and last.kind == "note" and not last.title):
            last = GuidanceDraft(kind="note", title="", line=line)
            self.blocks.append(last)
        return last.text

    def add_items(self, name: str, label: str, items: list[ItemData]) -> None:
        if name not in self.items:
            self.items[name] = []
            # The usual label is not worth remembering: render writes it anyway.
            usual = normalise_label(label) == normalise_label(RENDER_LABELS[name])
            self.labels[name] = "" if usual else label
            self.blocks.append(name)
        self.items[name].extend(items)

    def build(self, slug: str) -> ProjectData:
        guidance = []
        for slot, block in enumerate(self._ordered_blocks(), 1):
            if isinstance(block, GuidanceDraft) and block.text.value():
                guidance.append(block.build(slot))
        return ProjectData(
            title=self.title,
            slug=slug,
            key=self.key,
            **{name: self.texts.get(name, "") for name in TEXT_FIELDS},
            skills=tuple(self.skills),
            milestones_label=self.labels.get("milestones", ""),
            milestones=tuple(self.items.get("milestones", ())),
            stretch_label=self.labels.get("stretch_goals", ""),
            stretch_goals=tuple(self.items.get("stretch_goals", ())),
            guidance=tuple(guidance),
            line=self.line,
            lines=dict(self.lines),
        )

    def _ordered_blocks(self) -> list[GuidanceDraft | str]:
        """Blocks in source order, empty prose left out; the item lists take their slots in
        their fixed order (milestones before stretch goals), as render writes them."""
        blocks = [b for b in self.blocks if not isinstance(b, GuidanceDraft) or b.text.value()]
        lists = iter(name for name in ITEM_LISTS if name in blocks)
        return [next(lists) if isinstance(block, str) else block for block in blocks]


@dataclass
class LevelDraft:
    label: str
    title: str
    line: int
    key: str = ""
    difficulty: str = ""
    difficulty_line: int = 0
    description: Text = field(default_factory=Text)
    # Projects and reading sections in source order.
    items: list[ProjectDraft | GuidanceDraft] = field(default_factory=list)

    @property
    def projects(self) -> list[ProjectDraft]:
        return [item for item in self.items if isinstance(item, ProjectDraft)]

    def build(self, slugs: dict[int, str]) -> LevelData:
        return LevelData(
            label=self.label,
            title=self.title,
            key=self.key,
            difficulty=self.difficulty,
            description=self.description.value(),
            projects=tuple(draft.build(slugs[id(draft)]) for draft in self.projects),
            sections=tuple(
                item.build(slot)
                for slot, item in enumerate(self.items, 1)
                if isinstance(item, GuidanceDraft)
            ),
            line=self.line,
            difficulty_line=self.difficulty_line,
        )


def build_track(
    *, title: str, slug: str, description: Text, levels: list[LevelDraft], source: str
) -> TrackData:
    slugs = project_slugs([draft for level in levels for draft in level.projects])
    return TrackData(
        title=title,
        slug=slug,
        description=description.value(),
        levels=tuple(level.build(slugs) for level in levels),
        source=source,
    )


def project_slugs(drafts: list[ProjectDraft]) -> dict[int, str]:
    """Explicit slugs as written; the others from the title, made unique with -2, -3.
    (A repeated explicit slug is refused by validation, which sees the lines.)"""
    slugs = {id(draft): draft.explicit_slug for draft in drafts if draft.explicit_slug}
    used = set(slugs.values())
    for draft in drafts:
        if id(draft) not in slugs:
            slugs[id(draft)] = unique_slug(default_project_slug(draft.title), used.__contains__)
            used.add(slugs[id(draft)])
    return slugs
