"""Plan the import of one track: match the file's items to the catalog's rows, and say what
changes. Nothing is written here (see apply.py)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Max

from curriculum.catalog_format import (
    LevelData,
    ProjectData,
    TrackData,
    continued_project,
    parse_weeks,
    slugify,
    unique_slug,
)
from curriculum.importer.changes import Change, TrackPlan, Write
from curriculum.importer.matching import Side, match
from curriculum.importer.plan_items import (
    Existing,
    SkillVocabulary,
    changed_fields,
    moved_rows,
    plan_guidance,
    plan_milestones,
    plan_skill_tags,
    touches_of_projects,
)
from curriculum.models import Collection, Difficulty, FormerProjectSlug, Level, Project, Track


def plan_track(data: TrackData, *, vocabulary: SkillVocabulary, publish_new: bool) -> TrackPlan:
    track = Track.objects.filter(slug=data.slug).first()
    if track is None:
        last = Track.objects.aggregate(last=Max("position"))["last"] or 0
        track = Track(slug=data.slug, position=last + 1, is_published=publish_new)
    plan = TrackPlan(data, track, {"title": data.title, "description": data.description})
    if track.pk is None:
        plan.changes.append(Change("added", "track", data.title))
    elif fields := changed_fields(track, plan.track_values):
        plan.changes.append(Change("changed", "track", data.title, f"({', '.join(fields)})"))
    _plan_levels(plan)
    _plan_collections(plan)
    _plan_projects(plan)
    existing = Existing(track)
    for write, project in zip(plan.projects, _projects_in_order(data), strict=True):
        plan_milestones(plan, existing, write, project)
        plan_guidance(plan, existing, write, project.guidance, owner_kind="project")
        plan_skill_tags(plan, existing, write, project, vocabulary)
    for write, level in zip(plan.levels, data.levels, strict=True):
        plan_guidance(plan, existing, write, level.sections, owner_kind="level")
    return plan


def _projects_in_order(data: TrackData) -> list[ProjectData]:
    return [project for level in data.levels for project in level.projects]


def _existing(plan: TrackPlan, related: str) -> list:
    return list(getattr(plan.track, related).all()) if plan.track.pk else []


def _is_live(row) -> bool:
    return row.archived_at is None


def _plan_levels(plan: TrackPlan) -> None:
    rows = _existing(plan, "levels")
    found = match(
        list(plan.data.levels),
        rows,
        item=Side(key=lambda d: d.key, text=lambda d: d.title, place=plan.data.levels.index),
        row=Side(key=lambda r: r.key, text=lambda r: r.title, place=lambda r: r.position - 1),
        is_live=_is_live,
    )
    keys = {row.key for row in rows}
    slugs = {row.slug for row in rows if row not in found.values()}
    for index, data in enumerate(plan.data.levels):
        level = found.get(index) or Level(track=plan.track)
        values = _level_values(data, index + 1)
        if level.pk is None or level.title != data.title:
            taken = slugs | {row.slug for row in rows if row is not level}
            values["slug"] = unique_slug(slugify(data.title) or "level", taken.__contains__)
        slugs.add(values.get("slug", level.slug))
        values["key"] = data.key or level.key or unique_slug(values["slug"], keys.__contains__)
        keys.add(values["key"])
        write = Write(level, values, restore=level.pk is not None and not _is_live(level))
        plan.levels.append(write)
        _report(plan, write, "level", data.title, ignore={"position", "slug"})
    _archive_unmatched(plan, Level, rows, found, "level", lambda row: row.heading)
    for write in moved_rows(plan.levels):
        plan.changes.append(Change("moved", "level", write.values["title"]))


def _level_values(data: LevelData, position: int) -> dict:
    return {
        "position": position,
        "label": data.label,
        "title": data.title,
        "description": data.description,
        "difficulty": Difficulty.from_text(data.difficulty),
    }


def _plan_collections(plan: TrackPlan) -> None:
    titles: list[str] = []
    for project in _projects_in_order(plan.data):
        if project.collection and project.collection.casefold() not in map(str.casefold, titles):
            titles.append(project.collection)
    rows = _existing(plan, "collections")
    by_title = {row.title.casefold(): row for row in rows}
    slugs = {row.slug for row in rows}
    for position, title in enumerate(titles, 1):
        row = by_title.get(title.casefold()) or Collection(track=plan.track)
        values = {"title": title, "position": position}
        if row.pk is None:
            values["slug"] = unique_slug(slugify(title) or "collection", slugs.__contains__)
            slugs.add(values["slug"])
        write = Write(row, values, restore=row.pk is not None and not _is_live(row))
        plan.collections.append(write)
        plan.collection_rows[title.casefold()] = row
        _report(plan, write, "collection", title, ignore={"position"})
    used = set(map(id, plan.collection_rows.values()))
    stale = [row for row in rows if id(row) not in used and _is_live(row)]
    if stale:
        plan.archive.append((Collection, [row.pk for row in stale]))
        plan.changes += [Change("archived", "collection", row.title) for row in stale]


def _plan_projects(plan: TrackPlan) -> None:
    wanted = [
        (level_write, position, project)
        for level_write, level in zip(plan.levels, plan.data.levels, strict=True)
        for position, project in enumerate(level.projects, 1)
    ]
    rows = _existing(plan, "projects")
    found = match(
        wanted,
        rows,
        item=Side(
            key=lambda w: w[2].key,
            text=lambda w: w[2].title,
            place=lambda w: (w[0].row.pk, w[1]),
        ),
        row=Side(
            key=lambda r: r.key, text=lambda r: r.title, place=lambda r: (r.level_id, r.position)
        ),
        is_live=_is_live,
    )
    former = FormerProjectSlug.objects.filter(track=plan.track) if plan.track.pk else []
    taken_by = {row.slug: row.pk for row in rows} | {f.slug: f.project_id for f in former}
    keys = {row.key for row in rows}
    earlier: list[ProjectData] = []
    writes_by_data: dict[int, Write] = {}
    for index, (level_write, position, data) in enumerate(wanted):
        project = found.get(index) or Project(track=plan.track)
        values = _project_values(plan, data, level_write.row, position)
        values["slug"] = unique_slug(
            data.slug, lambda slug, pk=project.pk: taken_by.get(slug, pk) != pk
        )
        taken_by[values["slug"]] = project.pk or -index - 1
        values["key"] = data.key or project.key or unique_slug(values["slug"], keys.__contains__)
        keys.add(values["key"])
        write = Write(project, values, restore=project.pk is not None and not _is_live(project))
        plan.projects.append(write)
        writes_by_data[id(data)] = write
        target = continued_project(data, earlier) if data.continues else None
        plan.continues.append((write, writes_by_data[id(target)] if target else None))
        earlier.append(data)
        _report_project(plan, write, data, level_write.values["title"])
    _archive_unmatched(plan, Project, rows, found, "project", lambda row: row.title)
    scope = lambda write: (write.row.level_id, write.values["level"].pk)  # noqa: E731
    for write in moved_rows(plan.projects, scope=scope):
        plan.changes.append(Change("moved", "project", write.values["title"]))


def _project_values(plan: TrackPlan, data: ProjectData, level: Level, position: int) -> dict:
    difficulty = Difficulty.from_text(data.difficulty)
    label = Difficulty(difficulty).label if difficulty else ""
    weeks = parse_weeks(data.weeks) if data.weeks else None
    return {
        "level": level,
        "position": position,
        "title": data.title,
        "what_you_build": data.what_you_build,
        "difficulty": difficulty,
        "difficulty_note": "" if data.difficulty == label else data.difficulty,
        "time_investment": data.time_investment,
        "portfolio_value": data.portfolio_value,
        "business_potential": data.business_potential,
        "tech_stack": data.tech_stack,
        "collection": plan.collection_rows.get(data.collection.casefold()),
        "week_start": weeks[0] if weeks else None,
        "week_end": weeks[1] if weeks else None,
        "milestones_label": data.milestones_label,
        "stretch_label": data.stretch_label,
    }


def _report_project(plan: TrackPlan, write: Write, data: ProjectData, level_title: str) -> None:
    project = write.row
    if write.is_new or write.restore:
        _report(plan, write, "project", data.title)
        return
    if project.slug != write.values["slug"]:
        plan.former_slugs.append((write, project.slug))
    if project.title != data.title or project.slug != write.values["slug"]:
        detail = f"to “{data.title}”"
        if project.slug != write.values["slug"]:
            detail += f", its old address …/{project.slug}/ redirects to …/{write.values['slug']}/"
        plan.changes.append(Change("renamed", "project", project.title, detail))
    if project.level_id != write.values["level"].pk:
        plan.changes.append(Change("moved", "project", data.title, f"to “{level_title}”"))
    ignore = {"position", "slug", "title", "level", "key"}
    if fields := changed_fields(project, write.values, ignore=ignore):
        plan.changes.append(Change("changed", "project", data.title, f"({', '.join(fields)})"))


def _report(plan: TrackPlan, write: Write, kind: str, name: str, ignore=frozenset()) -> None:
    if write.is_new:
        plan.changes.append(Change("added", kind, name))
    elif write.restore:
        plan.changes.append(Change("restored", kind, name))
    elif fields := changed_fields(write.row, write.values, ignore={"key", *ignore}):
        plan.changes.append(Change("changed", kind, name, f"({', '.join(fields)})"))


def _archive_unmatched(plan, model, rows, found, kind, name) -> None:
    used = {row.pk for row in found.values()}
    stale = [row for row in rows if row.pk not in used and _is_live(row)]
    if not stale:
        return
    plan.archive.append((model, [row.pk for row in stale]))
    touches = touches_of_projects(stale) if model is Project else {}
    for row in stale:
        change = Change("archived", kind, name(row), touches=touches.get(row.pk, Counter()))
        plan.changes.append(change)
