"""Small catalogs for tests: a track file's text, imported through the real importer."""

from curriculum.catalog_format import parse_track
from curriculum.importer import import_track


def track_text(slug: str, projects_per_level: tuple[int, ...] = (3,)) -> str:
    lines = [f"# Track {slug}", "<!--", f"slug: {slug}", "-->", ""]
    number = 0
    for level, count in enumerate(projects_per_level, 1):
        lines += [f"## Level {level} — Stage {level}", ""]
        for _ in range(count):
            number += 1
            lines += [
                f"### {number}. Project {number}",
                "",
                f"**What you build:** Thing number {number}.",
                "",
                f"**Skills you’ll learn:** skill {number % 4}, shared skill.",
                "",
                "**Milestones:** First step; second step.",
                "",
                "**Stretch goals:** Go further.",
                "",
            ]
    return "\n".join(lines)


def import_small_track(slug: str = "small", projects_per_level=(3,), **kwargs):
    return import_track(parse_track(track_text(slug, projects_per_level)), **kwargs).track
