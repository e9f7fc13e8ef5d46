"""The catalog as the seeder walks it: published tracks, their live projects in order, and each
project's live core milestones and stretch goals in order. Ticks land only on these."""

from dataclasses import dataclass, field

from curriculum.models import Milestone, MilestoneKind, Project, Track


@dataclass
class CatalogProject:
    id: int
    slug: str
    title: str
    core: list[int] = field(default_factory=list)
    stretch: list[int] = field(default_factory=list)


@dataclass
class CatalogTrack:
    id: int
    slug: str
    projects: list[CatalogProject]

    @property
    def milestone_count(self) -> int:
        return sum(len(project.core) + len(project.stretch) for project in self.projects)


def load_catalog() -> list[CatalogTrack]:
    """Published tracks in order, with what a learner can tick (three queries)."""
    tracks = {
        track.id: CatalogTrack(track.id, track.slug, []) for track in Track.objects.published()
    }
    projects = {}
    rows = (
        Project.objects.published()
        .filter(track__in=tracks)
        .order_by("level__position", "position")
        .values_list("id", "track_id", "slug", "title")
    )
    for project_id, track_id, slug, title in rows:
        projects[project_id] = CatalogProject(project_id, slug, title)
        tracks[track_id].projects.append(projects[project_id])
    milestones = (
        Milestone.objects.active()
        .filter(project__in=projects)
        .order_by("project_id", "position", "pk")
        .values_list("id", "project_id", "kind")
    )
    for milestone_id, project_id, kind in milestones:
        project = projects[project_id]
        (project.core if kind == MilestoneKind.CORE else project.stretch).append(milestone_id)
    catalog = [track for track in tracks.values() if track.projects]
    if not catalog:
        raise RuntimeError("No published track: import the catalog first (import_catalog).")
    return catalog


def track_by_slug(catalog: list[CatalogTrack], slug: str) -> CatalogTrack:
    for track in catalog:
        if track.slug == slug:
            return track
    raise RuntimeError(f"The catalog has no published track {slug!r}: import the shipped catalog.")
