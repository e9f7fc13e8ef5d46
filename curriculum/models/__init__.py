"""The catalog's models: `catalog` (tracks, levels, projects, milestones, skills), `content`
(guidance, collections, former slugs) and `base` (archiving, positions, keys)."""

from curriculum.models.base import (
    ArchivableQuerySet,
    PositionedQuerySet,
    reading_order,
)
from curriculum.models.catalog import (
    Difficulty,
    Level,
    Milestone,
    MilestoneKind,
    Project,
    ProjectQuerySet,
    ProjectSkill,
    Skill,
    Track,
)
from curriculum.models.content import (
    Collection,
    FormerProjectSlug,
    Guidance,
    GuidanceKind,
    project_record_former_slug,
)

__all__ = [
    "ArchivableQuerySet",
    "Collection",
    "Difficulty",
    "FormerProjectSlug",
    "Guidance",
    "GuidanceKind",
    "Level",
    "Milestone",
    "MilestoneKind",
    "PositionedQuerySet",
    "Project",
    "ProjectQuerySet",
    "ProjectSkill",
    "Skill",
    "Track",
    "project_record_former_slug",
    "reading_order",
]
