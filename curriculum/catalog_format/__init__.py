"""Track files: the Markdown format described in docs/catalog-format.md.

Pure Python on purpose (no Django): the import and export commands, the tests and any
other tool can read a track file into plain frozen dataclasses and write it back. `parse`
reads, `render` writes, `repair` undoes encoding damage before parsing.
"""

from curriculum.catalog_format.data import (
    CatalogFormatError,
    LevelData,
    ProjectData,
    TrackData,
    slugify,
    unique_slug,
)
from curriculum.catalog_format.parse import parse_track
from curriculum.catalog_format.render import render_track
from curriculum.catalog_format.repair import repair_mojibake

__all__ = [
    "CatalogFormatError",
    "LevelData",
    "ProjectData",
    "TrackData",
    "parse_track",
    "render_track",
    "repair_mojibake",
    "slugify",
    "unique_slug",
]
