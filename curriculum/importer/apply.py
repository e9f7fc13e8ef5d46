"""Write a plan: archive what left, make room, save what changed, in an order the catalog's
constraints accept. The caller holds the transaction."""

from __future__ import annotations

from django.utils import timezone

from curriculum.catalog_format import slugify, unique_slug
from curriculum.importer.changes import TrackPlan, Write
from curriculum.importer.plan_items import changed_fields
from curriculum.importer.skills import casefolded
from curriculum.models import (
    Guidance,
    Level,
    Milestone,
    Project,
    ProjectSkill,
    Skill,
    project_record_former_slug,
)

# With `position`, the fields a row's place is unique among (see the models' constraints).
PLACE_FIELDS = {
    Level: {"position"},
    Project: {"position", "level"},
    Milestone: {"position", "kind"},
    Guidance: {"position"},
}


def apply_plan(plan: TrackPlan, vocabulary) -> None:
    now = timezone.now()
    track = plan.track
    if track.pk is None or changed_fields(track, plan.track_values):
        _set(track, plan.track_values)
        track.save()
    # Archived rows step aside first: their places and slugs are free for what replaces them.
    for model, pks in plan.archive:
        model.objects.filter(pk__in=pks).archive(now)
    _save_positioned(Level, plan.levels)
    _save(plan.collections)
    _save_positioned(Project, plan.projects)
    _save_continues(plan)
    for write, old_slug in plan.former_slugs:
        project_record_former_slug(project=write.row, old_slug=old_slug)
    _save_positioned(Milestone, plan.milestones, bulk=True)
    _save_positioned(Guidance, plan.guidance, bulk=True)
    _save_skill_tags(plan, vocabulary)


def _set(row, values: dict) -> None:
    for name, value in values.items():
        setattr(row, name, value)


def _save_positioned(model, writes: list[Write], bulk=False) -> None:
    """Rows that change place move out of the way first (the constraint is not deferred)."""
    moving = [
        write.row.pk
        for write in writes
        if not write.is_new and (write.restore or changed_fields(write.row, _place(model, write)))
    ]
    model.objects.filter(pk__in=moving).make_room()
    _save(writes, bulk=model if bulk else None)


def _place(model, write: Write) -> dict:
    return {name: write.values[name] for name in PLACE_FIELDS[model]}


def _save(writes: list[Write], bulk=None) -> None:
    new = []
    for write in writes:
        if not (write.is_new or write.restore or changed_fields(write.row, write.values)):
            continue
        _set(write.row, write.values)
        if write.restore:
            write.row.archived_at = None
        if write.is_new and bulk:
            new.append(write.row)
        else:
            write.row.save()
    if new:
        bulk.objects.bulk_create(new, batch_size=500)


def _save_continues(plan: TrackPlan) -> None:
    for write, target in plan.continues:
        wanted = target.row if target else None
        if write.row.continues_id != (wanted.pk if wanted else None):
            write.row.continues = wanted
            write.row.save(update_fields=["continues"])


def _save_skill_tags(plan: TrackPlan, vocabulary) -> None:
    projects = [write.row for write, _ in plan.skill_tags]
    current: dict[int, dict[int, ProjectSkill]] = {project.pk: {} for project in projects}
    for tag in ProjectSkill.objects.filter(project__in=projects):
        current[tag.project_id][tag.skill_id] = tag
    new, removed = [], []
    for write, wanted in plan.skill_tags:
        tags = current[write.row.pk]
        kept = set()
        for position, (name, wording) in enumerate(wanted, 1):
            skill = skill_for(vocabulary, name)
            kept.add(skill.pk)
            tag = tags.get(skill.pk)
            if tag is None:
                new.append(
                    ProjectSkill(project=write.row, skill=skill, label=wording, position=position)
                )
            elif (tag.label, tag.position) != (wording, position):
                tag.label, tag.position = wording, position
                tag.save(update_fields=["label", "position"])
        removed += [tag.pk for skill_pk, tag in tags.items() if skill_pk not in kept]
    ProjectSkill.objects.filter(pk__in=removed).delete()
    ProjectSkill.objects.bulk_create(new, batch_size=500)


def skill_for(vocabulary, name: str) -> Skill:
    """The skill called `name` (ignoring case), created when new; a skill the aliases file
    spells differently takes the file's spelling."""
    key = casefolded(name)
    skill = vocabulary.by_name.get(key)
    if skill is None:
        slugs = vocabulary.slugs()
        skill = Skill.objects.create(
            name=name, slug=unique_slug(slugify(name) or "skill", slugs.__contains__)
        )
        slugs.add(skill.slug)
        vocabulary.by_name[key] = skill
    elif skill.name != name and key in vocabulary.aliases.names:
        skill.name = name
        skill.save(update_fields=["name"])
    return skill
