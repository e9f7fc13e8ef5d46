"""What the track file format's tests share: the shipped track files, the parts of a parsed
track they look at, and the error a text is refused with."""

from pathlib import Path

import pytest

from curriculum.catalog_format import (
    CatalogFormatError,
    ProjectData,
    TrackData,
    interleave,
    parse_track,
    project_fillers,
)

CATALOG = Path(__file__).resolve().parents[2] / "curriculum" / "catalog"
SHIPPED = sorted(path.name for path in CATALOG.glob("*.md"))


def load(name: str) -> TrackData:
    return parse_track((CATALOG / name).read_text(encoding="utf-8"), source=name)


def all_projects(track: TrackData) -> list[ProjectData]:
    return [project for level in track.levels for project in level.projects]


def texts(items) -> list[str]:
    return [item.text for item in items]


def blocks_of(project: ProjectData) -> list:
    """The project's guidance and item lists in page order (lists by name)."""
    return interleave(project.guidance, project_fillers(project))


def parse_error(text: str) -> CatalogFormatError:
    with pytest.raises(CatalogFormatError) as caught:
        parse_track(text, source="track.md")
    return caught.value
