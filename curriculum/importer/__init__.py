"""Import track files into the catalog, and export tracks back to them.

An import is planned before anything is written (`plan_import`): every item of the file is
matched to the row it is (by its key, else by place and text; see matching.py), and the plan
says what is added, changed, renamed, moved, archived and restored. Nothing is ever deleted:
what left the file is archived, hidden from learners and kept with their work. An archive of
something learners have ticked, started or submitted is refused unless the caller allows it.
Every file of a run is read and checked first, and the run is one transaction, so a file with
a problem imports nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from curriculum.cache import catalog_changed
from curriculum.catalog_format import TrackData
from curriculum.catalog_format import parse_track_file as _parse_track_file
from curriculum.importer.apply import apply_plan
from curriculum.importer.changes import Change, TrackPlan, describe
from curriculum.importer.export import export_track, track_to_data
from curriculum.importer.plan import plan_track
from curriculum.importer.plan_items import SkillVocabulary
from curriculum.importer.skills import Aliases, load_aliases
from curriculum.importer.validate import validate_for_models
from curriculum.models import ProjectSkill, Skill, Track

CATALOG_DIR = Path(settings.BASE_DIR) / "curriculum" / "catalog"
ALIASES_FILE = CATALOG_DIR / "skill-aliases.toml"

__all__ = [
    "ALIASES_FILE",
    "CATALOG_DIR",
    "ImportRefused",
    "ImportRun",
    "TrackPlan",
    "export_track",
    "import_track",
    "import_tracks",
    "parse_track_file",
    "plan_import",
    "shipped_track_files",
    "track_to_data",
]


def shipped_track_files() -> list[Path]:
    return sorted(CATALOG_DIR.glob("*.md"))


def parse_track_file(path: Path | str) -> TrackData:
    """Read and check a track file (format, then the catalog's limits); CatalogFormatError
    names the file and line of every problem."""
    track = _parse_track_file(path)
    validate_for_models(track)
    return track


@dataclass
class ImportRun:
    """The plans of one import, a track each, and what it does to skills across tracks."""

    plans: list[TrackPlan]
    skill_merges: list[Change]
    vocabulary: SkillVocabulary

    @property
    def change_count(self) -> int:
        return sum(len(plan.changes) for plan in self.plans) + len(self.skill_merges)

    @property
    def touched_archives(self) -> list[Change]:
        return [change for plan in self.plans for change in plan.touched_archives]

    def lines(self) -> list[str]:
        lines = [line for plan in self.plans for line in plan.lines()]
        return lines + [f"skills: {change}" for change in self.skill_merges]

    def digest(self) -> str:
        """Names this exact plan, so that a confirmation applies what was shown."""
        details = [str(change) for plan in self.plans for change in plan.changes]
        return hashlib.sha256("\n".join(self.lines() + details).encode()).hexdigest()


class ImportRefused(Exception):
    """The import would archive items learners have worked on, and was not allowed to."""

    def __init__(self, run: ImportRun):
        self.run = run
        touched = run.touched_archives
        items = "; ".join(
            f"{change.kind} “{change.name}” ({describe(change.touches)})" for change in touched
        )
        super().__init__(
            f"Nothing imported: it would archive {len(touched)} items that hold learners’ work "
            f"({items}). Keep them in the file, or allow the archive (--allow-archive)."
        )


def plan_import(
    tracks: list[TrackData], *, publish_new: bool = True, aliases: Aliases | None = None
) -> ImportRun:
    """What importing `tracks` would do; reads the catalog, writes nothing."""
    for track in tracks:
        validate_for_models(track)
    vocabulary = SkillVocabulary(aliases or load_aliases(ALIASES_FILE))
    plans = [plan_track(track, vocabulary=vocabulary, publish_new=publish_new) for track in tracks]
    last = Track.objects.aggregate(last=Max("position"))["last"] or 0
    for number, plan in enumerate((plan for plan in plans if plan.is_new), 1):
        plan.track.position = last + number  # new tracks in file order
    return ImportRun(plans, _skill_merges(vocabulary, plans), vocabulary)


def _skill_merges(vocabulary: SkillVocabulary, plans: list[TrackPlan]) -> list[Change]:
    """Skills named by an alias give way to the aliased skill once no other track uses them."""
    imported = [plan.track.pk for plan in plans if plan.track.pk]
    merges = []
    for skill in vocabulary.by_name.values():
        if not vocabulary.aliases.is_alias(skill.name):
            continue
        elsewhere = ProjectSkill.objects.filter(skill=skill).exclude(project__track__in=imported)
        if not elsewhere.exists():
            target = vocabulary.aliases.skill_name(skill.name)
            merges.append(Change("merged", "skill", skill.name, f"into “{target}”"))
    return merges


@transaction.atomic
def import_tracks(
    tracks: list[TrackData], *, publish_new: bool = True, allow_archive: bool = False
) -> ImportRun:
    """Import `tracks` in one transaction, or raise ImportRefused before writing anything."""
    run = plan_import(tracks, publish_new=publish_new)
    if run.touched_archives and not allow_archive:
        raise ImportRefused(run)
    for plan in run.plans:
        apply_plan(plan, run.vocabulary)
    merged = [change.name for change in run.skill_merges]
    Skill.objects.filter(name__in=merged, projectskill__isnull=True).delete()
    # Each write already retires the cached pages; this one says so for the whole run, and
    # holds even for a write that would bypass the ORM.
    catalog_changed()
    return run


def import_track(data: TrackData, **options) -> TrackPlan:
    return import_tracks([data], **options).plans[0]
