"""Track files: the Markdown format described in docs/catalog-format.md.

Pure Python on purpose (no Django): the import and export commands, the tests and any
other tool can read a track file into plain frozen dataclasses and write it back. `parse`
reads (with `parse_fields`, building `drafts`), `validate` checks the whole track, `render`
writes, `repair` undoes encoding damage before parsing, `source` decodes bytes.
"""

from curriculum.catalog_format.data import (
    GUIDANCE_KINDS,
    CatalogFormatError,
    GuidanceData,
    ItemData,
    LevelData,
    Problem,
    ProjectData,
    TrackData,
    default_item_key,
    default_project_slug,
    interleave,
    project_fillers,
    slugify,
    unique_slug,
)
from curriculum.catalog_format.parse import parse_track
from curriculum.catalog_format.render import render_track
from curriculum.catalog_format.repair import repair_mojibake
from curriculum.catalog_format.source import (
    MAX_TRACK_FILE_BYTES,
    check_size,
    decode_track,
    parse_track_bytes,
    parse_track_file,
)
from curriculum.catalog_format.validate import continued_project, parse_weeks

__all__ = [
    "GUIDANCE_KINDS",
    "MAX_TRACK_FILE_BYTES",
    "CatalogFormatError",
    "GuidanceData",
    "ItemData",
    "LevelData",
    "Problem",
    "ProjectData",
    "TrackData",
    "check_size",
    "continued_project",
    "decode_track",
    "default_item_key",
    "default_project_slug",
    "interleave",
    "parse_track",
    "parse_track_bytes",
    "parse_track_file",
    "parse_weeks",
    "project_fillers",
    "render_track",
    "repair_mojibake",
    "slugify",
    "unique_slug",
]
