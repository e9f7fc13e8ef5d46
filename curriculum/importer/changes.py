"""What an import will do, as a plan a person can read before anything is written."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import models

from curriculum.catalog_format import TrackData


@dataclass
class Change:
    """One line of the plan: `verb` (added, changed, renamed, moved, archived, restored,
    merged) a `kind` of item (level, project, milestone…) called `name`."""

    verb: str
    kind: str
    name: str
    detail: str = ""
    # For archives: the learners' rows that point at what is archived, by kind.
    touches: Counter = field(default_factory=Counter)

    def __str__(self):
        text = f"{self.verb} {self.kind} “{self.name}”"
        if self.detail:
            text += f" {self.detail}"
        if self.touches:
            text += f" — learners’ work: {describe(self.touches)}"
        return text


def describe(counts: Counter) -> str:
    return ", ".join(f"{count} {what}" for what, count in sorted(counts.items()))


@dataclass
class Write:
    """A row as the import leaves it: `values` to set, and whether it comes back from the
    archive."""

    row: models.Model
    values: dict
    restore: bool = False

    @property
    def is_new(self) -> bool:
        return self.row.pk is None


@dataclass
class TrackPlan:
    data: TrackData
    track: models.Model
    track_values: dict
    changes: list[Change] = field(default_factory=list)
    levels: list[Write] = field(default_factory=list)
    collections: list[Write] = field(default_factory=list)
    projects: list[Write] = field(default_factory=list)
    milestones: list[Write] = field(default_factory=list)
    guidance: list[Write] = field(default_factory=list)
    # (model, [pks]) to archive, in the order written.
    archive: list[tuple[type[models.Model], list[int]]] = field(default_factory=list)
    former_slugs: list[tuple[Write, str]] = field(default_factory=list)
    continues: list[tuple[Write, Write | None]] = field(default_factory=list)
    # (project write, [(skill name, wording)] in order)
    skill_tags: list[tuple[Write, list[tuple[str, str]]]] = field(default_factory=list)
    # {casefolded title: the collection row} for the projects' `collection`.
    collection_rows: dict[str, models.Model] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.data.slug

    def __post_init__(self):
        # Fixed when planned: after the import, the track has a primary key too.
        self.is_new = self.track.pk is None

    @property
    def touched_archives(self) -> list[Change]:
        """Archives of items learners have worked on: they need an explicit go-ahead."""
        return [change for change in self.changes if change.verb == "archived" and change.touches]

    def touches(self) -> Counter:
        total: Counter = Counter()
        for change in self.touched_archives:
            total.update(change.touches)
        return total

    def counts(self) -> Counter:
        return Counter((change.verb, change.kind) for change in self.changes)

    def summary(self) -> str:
        if not self.changes:
            return f"{self.slug}: 0 changes"
        by_verb: dict[str, list[str]] = {}
        for (verb, kind), count in self.counts().items():
            by_verb.setdefault(verb, []).append(f"{count} {plural(kind, count)}")
        parts = "; ".join(f"{verb} {', '.join(kinds)}" for verb, kinds in by_verb.items())
        count = len(self.changes)
        return f"{self.slug}: {count} {plural('change', count)} ({parts})"

    def lines(self) -> list[str]:
        """The plan in detail; for a new track, its summary says it all."""
        if self.is_new:
            return [self.summary()]
        return [self.summary(), *(f"  {change}" for change in self.changes)]


IRREGULAR = {"guidance": "guidance", "skill tags of a project": "skill tags of projects"}


def plural(kind: str, count: int) -> str:
    if count == 1:
        return kind
    return IRREGULAR.get(kind, f"{kind}s")
