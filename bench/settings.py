"""The production settings, with the floors (bench.floors) routed beside the site's pages."""

from roadmap.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
