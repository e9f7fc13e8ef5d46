"""The tiny track the admin tests edit, imported as a draft, and its calculator project."""

import pytest

from curriculum.catalog_format import parse_track
from curriculum.importer import import_track
from tests.curriculum.admin_helpers import TINY_TRACK


@pytest.fixture
def track(db):
    return import_track(parse_track(TINY_TRACK, source="tiny.md"), publish_new=False).track


@pytest.fixture
def calculator(track):
    return track.projects.get(slug="calculator")
