"""Checks on a track as a whole, after it has been read: every problem, each with its line."""

from __future__ import annotations

import re

from curriculum.catalog_format.data import (
    CatalogFormatError,
    ItemData,
    LevelData,
    Problem,
    ProjectData,
    TrackData,
)

WEEKS = re.compile(r"^(?P<first>\d{1,3})(?:[ \t]*[–-][ \t]*(?P<last>\d{1,3}))?$")


def parse_weeks(value: str) -> tuple[int, int] | None:
    """'3' -> (3, 3), '37–38' -> (37, 38); None when it is not a week or a range of weeks."""
    match = WEEKS.match(value.strip())
    if not match:
        return None
    first = int(match["first"])
    last = int(match["last"] or first)
    return (first, last) if 0 < first <= last else None


def validate_track(track: TrackData) -> None:
    problems = list(track_problems(track))
    if problems:
        raise CatalogFormatError(sorted(problems, key=lambda problem: problem.line or 0))


def track_problems(track: TrackData):
    def problem(line, message):
        return Problem(track.source, line, message)

    level_keys: dict[str, int] = {}
    project_keys: dict[str, int] = {}
    slugs: dict[str, int] = {}
    earlier: list[ProjectData] = []
    for level in track.levels:
        if level.key in level_keys:
            yield problem(level.line, _twice("level id", level.key, level_keys[level.key]))
        if level.key:
            level_keys.setdefault(level.key, level.line)
        if not (level.projects or level.sections or level.description):
            message = f"the level “{level.title}” is empty: give it projects, sections or text"
            yield problem(level.line, message)
        yield from _level_problems(level, problem)
        for project in level.projects:
            key_line = project.lines.get("key", project.line)
            if project.key in project_keys:
                first = project_keys[project.key]
                yield problem(key_line, _twice("project id", project.key, first))
            if project.key:
                project_keys.setdefault(project.key, key_line)
            slug_line = project.lines.get("slug", project.line)
            if project.slug in slugs:
                yield problem(slug_line, _twice("project slug", project.slug, slugs[project.slug]))
            slugs.setdefault(project.slug, slug_line)
            yield from _project_problems(project, earlier, problem)
            earlier.append(project)


def _twice(what: str, value: str, first_line: int, where: str = "") -> str:
    return f"the {what} “{value}” is used twice{where} (first on line {first_line})"


def _level_problems(level: LevelData, problem):
    titles: dict[str, int] = {}
    for project in level.projects:
        title = project.title.casefold()
        if title in titles:
            yield problem(
                project.line,
                _twice("project title", project.title, titles[title], " in this level"),
            )
        titles.setdefault(title, project.line)
    for section in level.sections:
        if not section.body:
            yield problem(section.line, f"the reading section “{section.title}” has no text")


def _project_problems(project: ProjectData, earlier: list[ProjectData], problem):
    if not project.milestones:
        yield problem(
            project.line,
            f"the project “{project.title}” has no milestones: list its build steps under "
            "'**Milestones:**' (a section that is only to read gets '<!-- kind: note -->' "
            "right after its heading)",
        )
    yield from _item_key_problems((*project.milestones, *project.stretch_goals), problem)
    if project.weeks and parse_weeks(project.weeks) is None:
        message = f"expected a week ('3') or a range of weeks ('37–38'), found '{project.weeks}'"
        yield problem(project.lines.get("weeks"), message)
    if project.continues and continued_project(project, earlier) is None:
        message = (
            f"“Continues: {project.continues}” names no earlier project of this track "
            "(write the title of one project above it)"
        )
        yield problem(project.lines.get("continues"), message)


def _item_key_problems(items: tuple[ItemData, ...], problem):
    keys: dict[str, int] = {}
    for item in items:
        if item.key in keys:
            yield problem(item.line, _twice("id", item.key, keys[item.key], " in this project"))
        if item.key:
            keys.setdefault(item.key, item.line)


def continued_project(project: ProjectData, earlier: list[ProjectData]) -> ProjectData | None:
    """The one earlier project whose title (or id) `project.continues` names."""
    wanted = project.continues.casefold()
    found = [other for other in earlier if other.title.casefold() == wanted]
    found = found or [other for other in earlier if other.key and other.key == project.continues]
    return found[0] if len(found) == 1 else None
