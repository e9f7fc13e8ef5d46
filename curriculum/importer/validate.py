"""Checks a track against the catalog's models before anything is written: every value must
fit its column (SQLite would store an over-long title that PostgreSQL refuses), every level
difficulty must be one the catalog knows. Each problem names the file and the line."""

from __future__ import annotations

from curriculum.catalog_format import CatalogFormatError, Problem, TrackData
from curriculum.models import Collection, Difficulty, Guidance, Level, Milestone, Project, Skill
from curriculum.models import Track as TrackModel


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


PROJECT_FIELDS = {
    "title": "title",
    "slug": "slug",
    "key": "key",
    "difficulty": "difficulty_note",
    "time_investment": "time_investment",
    "portfolio_value": "portfolio_value",
    "business_potential": "business_potential",
    "tech_stack": "tech_stack",
    "milestones_label": "milestones_label",
    "stretch_label": "stretch_label",
}
LINE_OF = {"title": None, "milestones_label": "milestones", "stretch_label": "stretch_goals"}


def validate_for_models(track: TrackData) -> None:
    problems = list(_problems(track))
    if problems:
        raise CatalogFormatError(sorted(problems, key=lambda problem: problem.line or 0))


def _too_long(track, line, what, value, limit):
    if len(value) > limit:
        message = f"{what} is {len(value)} characters long; at most {limit} fit"
        yield Problem(track.source, line, message)


def _problems(track: TrackData):
    yield from _too_long(track, 1, "the track title", track.title, max_length(TrackModel, "title"))
    for level in track.levels:
        for name in ("label", "title", "key"):
            limit = max_length(Level, name)
            yield from _too_long(
                track, level.line, f"the level {name}", getattr(level, name), limit
            )
        if level.difficulty and not Difficulty.from_text(level.difficulty):
            choices = ", ".join(Difficulty.labels)
            message = f"a difficulty of {choices} for the level, found {level.difficulty!r}"
            yield Problem(track.source, level.difficulty_line, f"expected {message}")
        for section in level.sections:
            limit = max_length(Guidance, "title")
            yield from _too_long(track, section.line, "a section title", section.title, limit)
        for project in level.projects:
            yield from _project_problems(track, project)


def _project_problems(track, project):
    for name, column in PROJECT_FIELDS.items():
        line = project.lines.get(LINE_OF.get(name, name), project.line)
        limit = max_length(Project, column)
        yield from _too_long(
            track, line, f"the project's {name.replace('_', ' ')}", getattr(project, name), limit
        )
    line = project.lines.get("collection", project.line)
    limit = max_length(Collection, "title")
    yield from _too_long(track, line, "the collection", project.collection, limit)
    for skill in project.skills:
        line = project.lines.get("skills", project.line)
        yield from _too_long(track, line, "a skill", skill, max_length(Skill, "name"))
    for item in (*project.milestones, *project.stretch_goals):
        yield from _too_long(
            track, item.line, "a milestone id", item.key, max_length(Milestone, "key")
        )
    for block in project.guidance:
        limit = max_length(Guidance, "title")
        yield from _too_long(track, block.line, "a guidance label", block.title, limit)
