"""Export a track as a track file: its live levels, sections, projects and milestones, in
order, with the keys that let a re-import recognise every item."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from curriculum.catalog_format import (
    GuidanceData,
    ItemData,
    LevelData,
    ProjectData,
    TrackData,
    interleave,
    render_track,
)
from curriculum.models import (
    Difficulty,
    Guidance,
    Milestone,
    MilestoneKind,
    Project,
    ProjectSkill,
    Track,
)


def export_track(track: Track) -> str:
    return render_track(track_to_data(track))


def track_to_data(track: Track) -> TrackData:
    levels = list(track.levels.active().order_by("position"))
    sections = defaultdict(list)
    for section in Guidance.objects.active().filter(level__in=levels).order_by("position"):
        sections[section.level_id].append(section)
    by_level = defaultdict(list)
    for project in _projects(track):
        by_level[project.level_id].append(project)
    exported: dict[int, ProjectData] = {}
    level_data = []
    for level in levels:
        projects = []
        for project in by_level[level.pk]:
            exported[project.pk] = _project_data(project, exported)
            projects.append(exported[project.pk])
        level_data.append(_level_data(level, projects, sections[level.pk]))
    return TrackData(
        title=track.title, slug=track.slug, description=track.description, levels=tuple(level_data)
    )


def _projects(track: Track):
    return (
        Project.objects.active()
        .filter(track=track, level__archived_at__isnull=True)
        .order_by("level__position", "position")
        .select_related("collection", "continues")
        .prefetch_related(
            Prefetch("milestones", Milestone.objects.active().order_by("kind", "position")),
            Prefetch("guidance", Guidance.objects.active().order_by("position")),
            Prefetch("projectskill_set", ProjectSkill.objects.select_related("skill")),
        )
    )


def _level_data(level, projects: list[ProjectData], sections: list[Guidance]) -> LevelData:
    merged = interleave(sections, projects, slot_of=lambda section: section.position)
    return LevelData(
        label=level.label,
        title=level.title,
        key=level.key,
        difficulty=Difficulty(level.difficulty).label if level.difficulty else "",
        description=level.description,
        projects=tuple(projects),
        sections=tuple(
            _guidance_data(item, slot)
            for slot, item in enumerate(merged, 1)
            if isinstance(item, Guidance)
        ),
    )


def _guidance_data(block: Guidance, slot: int) -> GuidanceData:
    return GuidanceData(kind=block.kind, title=block.title, body=block.body, slot=slot)


def _project_data(project: Project, earlier: dict[int, ProjectData]) -> ProjectData:
    milestones = list(project.milestones.all())
    core = [m for m in milestones if m.kind == MilestoneKind.CORE]
    stretch = [m for m in milestones if m.kind == MilestoneKind.STRETCH]
    fillers = [name for name, items in (("milestones", core), ("stretch_goals", stretch)) if items]
    blocks = interleave(project.guidance.all(), fillers, slot_of=lambda block: block.position)
    tags = sorted(project.projectskill_set.all(), key=lambda tag: tag.position)
    difficulty = project.difficulty_note or (
        Difficulty(project.difficulty).label if project.difficulty else ""
    )
    # A project continues one written before it; anything else would not read back.
    continued = earlier.get(project.continues_id)
    return ProjectData(
        title=project.title,
        slug=project.slug,
        key=project.key,
        what_you_build=project.what_you_build,
        difficulty=difficulty,
        time_investment=project.time_investment,
        portfolio_value=project.portfolio_value,
        business_potential=project.business_potential,
        tech_stack=project.tech_stack,
        collection=project.collection.title if project.collection else "",
        continues=continued.title if continued else "",
        weeks=project.weeks.removeprefix("Weeks ").removeprefix("Week "),
        skills=tuple(tag.wording for tag in tags),
        milestones_label=project.milestones_label,
        milestones=tuple(ItemData(text=m.text, key=m.key) for m in core),
        stretch_label=project.stretch_label,
        stretch_goals=tuple(ItemData(text=m.text, key=m.key) for m in stretch),
        guidance=tuple(
            _guidance_data(block, slot)
            for slot, block in enumerate(blocks, 1)
            if isinstance(block, Guidance)
        ),
    )
