"""What the catalog's pages assemble from the models, outside the views: a track's levels as
blocks (runs of projects, with their collection, between the level's reading sections), a
project's blocks in source order, and the chain of projects a project belongs to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from curriculum.catalog_format import interleave
from curriculum.models import Collection, Guidance, MilestoneKind


@dataclass
class Block:
    """A reading section, or a run of projects of one collection (or of none)."""

    section: Guidance | None = None
    collection: Collection | None = None
    projects: list = field(default_factory=list)


def level_blocks(projects: list, sections: list[Guidance]) -> list[Block]:
    """The level's projects and reading sections in source order: a section sits at its
    place among the projects, and consecutive projects of a collection go together."""
    blocks: list[Block] = []
    for item in interleave(sections, projects, slot_of=lambda section: section.position):
        if isinstance(item, Guidance):
            blocks.append(Block(section=item))
        elif blocks and not blocks[-1].section and blocks[-1].collection == item.collection:
            blocks[-1].projects.append(item)
        else:
            blocks.append(Block(collection=item.collection, projects=[item]))
    return blocks


def track_levels(levels, projects, sections, *, filtering: bool) -> list[tuple]:
    """[(level, its projects)] in level order, each level with `.blocks`. A level without
    projects stays when it has something to read, unless the page is filtered."""
    by_level = defaultdict(list)
    for project in projects:
        by_level[project.level_id].append(project)
    sections_by_level = defaultdict(list)
    for section in [] if filtering else sections:
        sections_by_level[section.level_id].append(section)
    rows = []
    for level in levels:
        own, reading = by_level[level.pk], sections_by_level[level.pk]
        level.blocks = level_blocks(own, reading)
        if own or (not filtering and (reading or level.description)):
            rows.append((level, own))
    return rows


def project_blocks(guidance, milestones) -> list:
    """The project's guidance and its two lists ("milestones", "stretch_goals") in the order
    of the track file: prose that introduces a checklist comes before it."""
    kinds = {milestone.kind for milestone in milestones}
    fillers = [
        name
        for name, kind in (
            ("milestones", MilestoneKind.CORE),
            ("stretch_goals", MilestoneKind.STRETCH),
        )
        if kind in kinds
    ]
    return interleave(guidance, fillers, slot_of=lambda block: block.position)


@dataclass
class Chain:
    """Projects that build on each other, first to last; `position` is the current one's
    (1-based)."""

    projects: list
    position: int


def project_chain(projects, current) -> Chain | None:
    """The projects `current` grows out of and those that grow out of it (each of `projects`
    has pk and continues_id); None when it stands alone. Where several continue one
    project, the chain follows the first in track order."""
    by_pk = {project.pk: project for project in projects}
    children = defaultdict(list)
    for project in projects:
        if project.continues_id in by_pk:
            children[project.continues_id].append(project)
    chain = [by_pk[current.pk]]
    while chain[0].continues_id in by_pk and by_pk[chain[0].continues_id] not in chain:
        chain.insert(0, by_pk[chain[0].continues_id])
    while children[chain[-1].pk] and children[chain[-1].pk][0] not in chain:
        chain.append(children[chain[-1].pk][0])
    if len(chain) < 2:
        return None
    return Chain(chain, [stage.pk for stage in chain].index(current.pk) + 1)
