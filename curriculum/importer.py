"""Import track files into the catalog, and export tracks back to them.

Import is idempotent and never deletes: running it twice changes nothing, and content that
left the source is archived (hidden from learners, kept for their progress). Every file of a
run is parsed before anything is written, and the run is one transaction, so a malformed file
imports nothing.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from curriculum.catalog_format import (
    LevelData,
    ProjectData,
    TrackData,
    parse_track,
    render_track,
    slugify,
    unique_slug,
)
from curriculum.models import (
    Difficulty,
    Level,
    Milestone,
    MilestoneKind,
    Project,
    ProjectSkill,
    Skill,
    Track,
)

CATALOG_DIR = Path(settings.BASE_DIR) / "curriculum" / "catalog"


@dataclass
class ImportReport:
    """What one import did to one track, by kind of row: created, updated, archived, restored."""

    track: Track
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    archived: Counter = field(default_factory=Counter)
    restored: Counter = field(default_factory=Counter)

    @property
    def changes(self) -> int:
        return sum(
            sum(counter.values())
            for counter in (self.created, self.updated, self.archived, self.restored)
        )

    def __str__(self):
        if not self.changes:
            return f"{self.track.slug}: 0 changes"
        parts = []
        for verb, counter in [
            ("created", self.created),
            ("updated", self.updated),
            ("archived", self.archived),
            ("restored", self.restored),
        ]:
            if counter:
                what = ", ".join(f"{count} {kind}" for kind, count in counter.items())
                parts.append(f"{verb} {what}")
        return f"{self.track.slug}: {self.changes} changes ({'; '.join(parts)})"


def shipped_track_files() -> list[Path]:
    return sorted(CATALOG_DIR.glob("*.md"))


def parse_track_file(path: Path) -> TrackData:
    return parse_track(Path(path).read_text(encoding="utf-8"), source=str(path))


@transaction.atomic
def import_tracks(tracks: list[TrackData], *, publish_new: bool = True) -> list[ImportReport]:
    return [import_track(track, publish_new=publish_new) for track in tracks]


@transaction.atomic
def import_track(data: TrackData, *, publish_new: bool = True) -> ImportReport:
    """Make the catalog hold `data` as track `data.slug`, changing only what differs.

    `publish_new` publishes a track this import creates; an existing track keeps the
    published state a mentor gave it.
    """
    track = Track.objects.filter(slug=data.slug).first()
    if track is None:
        last_position = Track.objects.aggregate(last=Max("position"))["last"] or 0
        track = Track(slug=data.slug, position=last_position + 1, is_published=publish_new)
    report = ImportReport(track)
    _save(track, report, title=data.title, description=data.description)
    levels = _sync_levels(track, data.levels, report)
    projects = _sync_projects(track, data.levels, levels, report)
    _sync_skills(data.levels, projects, report)
    _sync_milestones(data.levels, projects, report)
    return report


def _save(instance, report: ImportReport, **values) -> bool:
    """Set `values` on `instance` and save it when it is new, changed or archived."""
    kind = instance._meta.verbose_name_plural
    is_new = instance.pk is None
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    was_archived = getattr(instance, "archived_at", None) is not None
    if not (is_new or changed or was_archived):
        return False
    for name in changed:
        setattr(instance, name, values[name])
    if was_archived:
        instance.archived_at = None
        report.restored[kind] += 1
    elif is_new:
        report.created[kind] += 1
    else:
        report.updated[kind] += 1
    instance.save()
    return True


def _archive(queryset, report: ImportReport) -> None:
    count = queryset.filter(archived_at__isnull=True).update(archived_at=timezone.now())
    if count:
        report.archived[queryset.model._meta.verbose_name_plural] += count


def _make_room(rows, places: dict[int, tuple], place) -> None:
    """Move live rows whose place changes to a temporary position first, so that no two live
    rows ever share a position while the new order is written (the constraint isn't deferred).

    `places` maps the pk of every row that stays to its new place; `place(row)` is its current.
    """
    moving = [
        row
        for row in rows
        if row.pk in places and row.archived_at is None and places[row.pk] != place(row)
    ]
    if moving:
        type(moving[0]).objects.filter(pk__in=[row.pk for row in moving]).update(position=-F("pk"))
        for row in moving:
            row.position = -row.pk


def _level_slugs(levels: tuple[LevelData, ...]) -> list[str]:
    slugs: list[str] = []
    for level in levels:
        base = slugify(level.title) or slugify(level.label) or "level"
        slugs.append(unique_slug(base, slugs.__contains__))
    return slugs


def _sync_levels(track: Track, levels: tuple[LevelData, ...], report) -> list[Level]:
    existing = {level.slug: level for level in track.levels.all()}
    slugs = _level_slugs(levels)
    _archive(track.levels.exclude(slug__in=slugs), report)
    places = {existing[slug].pk: (n,) for n, slug in enumerate(slugs, 1) if slug in existing}
    _make_room(existing.values(), places, lambda level: (level.position,))
    result = []
    for position, (slug, data) in enumerate(zip(slugs, levels, strict=True), 1):
        level = existing.get(slug) or Level(track=track, slug=slug)
        _save(
            level,
            report,
            position=position,
            label=data.label,
            title=data.title,
            description=data.description,
            difficulty=Difficulty.from_text(data.title),
        )
        result.append(level)
    return result


def _difficulty_fields(text: str) -> dict[str, str]:
    difficulty = Difficulty.from_text(text)
    label = Difficulty(difficulty).label if difficulty else ""
    return {"difficulty": difficulty, "difficulty_note": "" if text == label else text}


def _sync_projects(track, levels: tuple[LevelData, ...], saved_levels, report) -> dict:
    existing = {project.slug: project for project in track.projects.all()}
    plan = [
        (level, position, data)
        for level, level_data in zip(saved_levels, levels, strict=True)
        for position, data in enumerate(level_data.projects, 1)
    ]
    _archive(track.projects.exclude(slug__in=[data.slug for *_, data in plan]), report)
    places = {
        existing[data.slug].pk: (level.pk, position)
        for level, position, data in plan
        if data.slug in existing
    }
    _make_room(existing.values(), places, lambda project: (project.level_id, project.position))
    projects = {}
    for level, position, data in plan:
        project = existing.get(data.slug) or Project(track=track, slug=data.slug)
        _save(project, report, level_id=level.pk, position=position, **_project_fields(data))
        projects[data.slug] = project
    return projects


def _project_fields(data: ProjectData) -> dict:
    return {
        "title": data.title,
        "what_you_build": data.what_you_build,
        **_difficulty_fields(data.difficulty),
        "time_investment": data.time_investment,
        "portfolio_value": data.portfolio_value,
        "business_potential": data.business_potential,
        "tech_stack": data.tech_stack,
        "learning_objectives": "\n".join(data.learning_objectives),
        "notes": data.notes,
    }


def _sync_skills(levels: tuple[LevelData, ...], projects: dict[str, Project], report) -> None:
    names = {name for level in levels for project in level.projects for name in project.skills}
    skills = {skill.name.casefold(): skill for skill in Skill.objects.all()}
    for name in sorted(names):
        if name.casefold() not in skills:
            skill = Skill(name=name, slug=_unique_skill_slug(name))
            _save(skill, report)
            skills[name.casefold()] = skill
    tags = ProjectSkill.objects.filter(project__in=projects.values())
    existing = {(tag.project_id, tag.skill_id): tag for tag in tags}
    wanted = {}
    for level in levels:
        for data in level.projects:
            project = projects[data.slug]
            for position, name in enumerate(data.skills, 1):
                wanted.setdefault((project.pk, skills[name.casefold()].pk), position)
    removed = [tag.pk for key, tag in existing.items() if key not in wanted]
    if removed:
        ProjectSkill.objects.filter(pk__in=removed).delete()
        report.updated["skill tags"] += len(removed)
    for (project_id, skill_id), position in wanted.items():
        tag = existing.get((project_id, skill_id))
        if tag is None:
            ProjectSkill.objects.create(project_id=project_id, skill_id=skill_id, position=position)
            report.created["skill tags"] += 1
        elif tag.position != position:
            tag.position = position
            tag.save(update_fields=["position"])
            report.updated["skill tags"] += 1


def _unique_skill_slug(name: str) -> str:
    return unique_slug(
        slugify(name) or "skill", lambda slug: Skill.objects.filter(slug=slug).exists()
    )


def _sync_milestones(levels, projects: dict[str, Project], report) -> None:
    existing: dict[tuple, list[Milestone]] = {}
    for milestone in Milestone.objects.filter(project__in=projects.values()).order_by("pk"):
        existing.setdefault((milestone.project_id, milestone.kind, milestone.text), []).append(
            milestone
        )
    keep: set[int] = set()
    plan = []
    for level in levels:
        for data in level.projects:
            project = projects[data.slug]
            for kind, texts in [
                (MilestoneKind.CORE, data.milestones),
                (MilestoneKind.STRETCH, data.stretch_goals),
            ]:
                for position, text in enumerate(texts, 1):
                    candidates = existing.get((project.pk, kind, text), [])
                    # Prefer a live row; the same text twice in one list uses two rows.
                    candidates.sort(key=lambda m: (m.archived_at is not None, m.pk))
                    milestone = candidates.pop(0) if candidates else None
                    if milestone is None:
                        milestone = Milestone(project=project, kind=kind, text=text)
                    else:
                        keep.add(milestone.pk)
                    plan.append((milestone, position))
    stale = Milestone.objects.filter(project__in=projects.values()).exclude(pk__in=keep)
    _archive(stale, report)
    places = {milestone.pk: (position,) for milestone, position in plan if milestone.pk}
    _make_room(
        [milestone for milestone, _ in plan if milestone.pk],
        places,
        lambda milestone: (milestone.position,),
    )
    for milestone, position in plan:
        _save(milestone, report, position=position)


def track_to_data(track: Track) -> TrackData:
    """The track as a track file holds it: live levels, projects and milestones, in order."""
    levels = track.levels.active().prefetch_related(
        "projects__milestones", "projects__projectskill_set__skill"
    )
    return TrackData(
        title=track.title,
        slug=track.slug,
        description=track.description,
        levels=tuple(
            LevelData(
                label=level.label,
                title=level.title,
                description=level.description,
                projects=tuple(
                    _project_data(project)
                    for project in sorted(level.projects.all(), key=lambda p: p.position)
                    if project.archived_at is None
                ),
            )
            for level in levels
        ),
    )


def _project_data(project: Project) -> ProjectData:
    milestones = sorted(
        (m for m in project.milestones.all() if m.archived_at is None), key=lambda m: m.position
    )
    tags = sorted(project.projectskill_set.all(), key=lambda tag: tag.position)
    difficulty = project.difficulty_note or (
        Difficulty(project.difficulty).label if project.difficulty else ""
    )
    return ProjectData(
        title=project.title,
        slug=project.slug,
        what_you_build=project.what_you_build,
        difficulty=difficulty,
        time_investment=project.time_investment,
        portfolio_value=project.portfolio_value,
        business_potential=project.business_potential,
        tech_stack=project.tech_stack,
        skills=tuple(tag.skill.name for tag in tags),
        learning_objectives=tuple(project.learning_objective_list),
        milestones=tuple(m.text for m in milestones if m.kind == MilestoneKind.CORE),
        stretch_goals=tuple(m.text for m in milestones if m.kind == MilestoneKind.STRETCH),
        notes=project.notes,
    )


def export_track(track: Track) -> str:
    return render_track(track_to_data(track))
