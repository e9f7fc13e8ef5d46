"""The project page's catalog part (the project, its skills, guidance, milestones, chain and
neighbours), the same for every learner and cached per catalog version; the learner's part
(ticks, status, submissions, time) is asked for on each request."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from curriculum.cache import catalog_version, parts
from curriculum.models import Milestone, Project, ProjectSkill
from curriculum.models.catalog import published_projects
from curriculum.pages import Chain, project_blocks, project_chain


@dataclass(frozen=True)
class ProjectPage:
    """Shared between requests and threads: nothing in it is modified after it is made (a
    learner's ticks go on copies of the milestones)."""

    project: Project
    tags: list[ProjectSkill]
    milestones: list[Milestone]
    blocks: list
    chain: Chain | None
    previous: object
    next: object


def project_page(request, track_slug: str, project_slug: str) -> ProjectPage | None:
    """None when no project is at this address for this user (drafts are for staff only,
    hence the key): it may have been renamed."""
    key = ("project", track_slug, project_slug, request.user.is_staff)
    version = catalog_version(request)
    page = parts.get(version, key)
    if page is None:
        page = _make_project_page(request.user, track_slug, project_slug)
        if page is not None:
            parts.set(version, key, page)
    return page


def _make_project_page(user, track_slug: str, project_slug: str) -> ProjectPage | None:
    visible = Project.objects.visible_to(user)
    projects = visible.select_related("track", "level", "collection")
    project = projects.filter(track__slug=track_slug, slug=project_slug).first()
    if project is None:
        return None
    milestones = list(project.milestones.active().order_by("position"))
    siblings = list(
        visible.filter(track=project.track)
        .order_by("level__position", "position")
        .values_list("pk", "slug", "title", "continues_id", named=True)
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == project.pk)
    return ProjectPage(
        project=project,
        tags=list(project.projectskill_set.select_related("skill").order_by("position")),
        milestones=milestones,
        blocks=project_blocks(list(project.guidance.active()), milestones),
        chain=project_chain(siblings, project),
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
    )


def tickable_milestone(request, milestone_id: int) -> Milestone | None:
    """The live milestone of a published project that a tick names, with its project and
    track, or None. From an index kept per catalog version: every tick asks, and the query
    (four joined tables) cost more to build and plan than the tick's own reads. A copy: the
    tick marks it `is_done`, and the index is shared between requests."""
    index = parts.get_or_make(catalog_version(request), "tickable milestones", _tickable)
    milestone = index.get(milestone_id)
    return copy.copy(milestone) if milestone is not None else None


def _tickable() -> dict[int, Milestone]:
    milestones = (
        Milestone.objects.active()
        .filter(published_projects(via="project__"))
        .select_related("project__track")
    )
    return {milestone.pk: milestone for milestone in milestones}
