"""The track page in two parts: what every learner sees with the same filters (the track,
its filtered projects in levels and blocks, the filter form's HTML, the project list cut at
the learner's slots), cached per catalog version, and each learner's progress lines and
cards, joined in from cached HTML (one variant per project and state) instead of 127
renders of the card template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from curriculum.cache import catalog_version, fragments, parts
from curriculum.forms import TrackFilterForm
from curriculum.models import Guidance, Project, Skill, Track
from curriculum.pages import track_levels
from curriculum.templatetags.catalog import in_week

TEMPLATE = "curriculum/track_detail.html"


@dataclass(frozen=True)
class TrackPage:
    """The catalog's part of a track page with one set of filters. Shared between requests
    and threads: nothing in it is ever modified after it is made."""

    track: Track
    form: TrackFilterForm
    filters: str
    levels: list[tuple]  # [(level with its .blocks, its projects)]
    scheduled: list
    result_count: int
    # The project list's HTML in pieces: strings, and between them slots to fill per
    # request: ("progress", level index) and ("cards", level index, block index).
    project_list: list


# What the project list is rendered from, once, with a marker in each learner's slot.
@dataclass(frozen=True)
class BlockView:
    section: Guidance | None
    collection: object
    cards: str


@dataclass(frozen=True)
class LevelView:
    level: object
    progress: str
    blocks: list[BlockView]


SLOT = re.compile(r"<!--slot:(progress|cards):(\d+)(?::(\d+))?-->")


def track_page(request, track_slug: str) -> TrackPage:
    """The cached part of the track page with these filters (404 when the track is not
    there for this user: drafts are for staff only, hence the key)."""
    # The filters' values, not the query string: other parameters change nothing, and must
    # not make a new entry each.
    filters = tuple(request.GET.get(name, "") for name in TrackFilterForm.base_fields)
    key = ("track", track_slug, request.user.is_staff, filters)
    version = catalog_version(request)
    page = parts.get(version, key)
    if page is None:
        page = _make_track_page(request, track_slug)
        parts.set(version, key, page)
    return page


def _make_track_page(request, track_slug: str) -> TrackPage:
    tracks = Track.objects.visible_to(request.user).with_schedule_flag()
    track = get_object_or_404(tracks, slug=track_slug)
    levels = list(track.levels.active())
    skills = Skill.objects.filter(
        projects__track=track, projects__archived_at__isnull=True
    ).distinct()
    form = TrackFilterForm(
        request.GET, levels=levels, skills=skills, collections=track.collections.active()
    )
    live = track.projects.active().filter(level__archived_at__isnull=True)
    projects = list(form.filter(live).for_track_page())
    sections = [] if form.is_filtering else Guidance.objects.active().filter(level__in=levels)
    rows = track_levels(levels, projects, sections, filtering=form.is_filtering)
    filters = render_to_string(f"{TEMPLATE}#filters", {"form": form, "request": request})
    scheduled = list(Project.objects.scheduled(track)) if track.has_schedule else []
    project_list = _project_list_pieces(request, form, rows, len(projects))
    return TrackPage(track, form, filters, rows, scheduled, len(projects), project_list)


def _project_list_pieces(request, form, rows, result_count) -> list:
    """The project list rendered with a marker in each slot, cut at the markers (comments:
    text from the catalog is escaped, so it cannot hold one)."""
    levels = [
        LevelView(
            level,
            mark_safe(f"<!--slot:progress:{i}-->"),
            [
                BlockView(block.section, block.collection, mark_safe(f"<!--slot:cards:{i}:{j}-->"))
                for j, block in enumerate(level.blocks)
            ],
        )
        for i, (level, _) in enumerate(rows)
    ]
    context = {"form": form, "levels": levels, "result_count": result_count, "request": request}
    html = render_to_string(f"{TEMPLATE}#project-list-body", context)
    pieces, end = [], 0
    for slot in SLOT.finditer(html):
        pieces.append(html[end : slot.start()])
        kind, level, block = slot.groups()
        pieces.append((kind, int(level)) if block is None else (kind, int(level), int(block)))
        end = slot.end()
    pieces.append(html[end:])
    return pieces


def project_list(request, page: TrackPage, learner) -> str:
    """The project list as this learner sees it (`learner`: what
    portfolio.progress.learner_track says of them): the cached pieces with each level's
    progress and each block's cards, whose HTML is cached per variant."""
    # The valid filters' values, even when another filter is not valid (see filter()).
    query = getattr(page.form, "cleaned_data", {}).get("q", "")
    version = catalog_version(request)
    html = []
    for piece in page.project_list:
        if isinstance(piece, str):
            html.append(piece)
        elif piece[0] == "progress":
            html.append(_level_progress(learner.levels[piece[1]].progress, version))
        else:
            level = page.levels[piece[1]][0]
            block = level.blocks[piece[2]]
            heading = "h4" if block.collection else "h3"
            html.extend(
                _card(page, project, heading, query, learner, version) for project in block.projects
            )
    # Safe: every piece is rendered template output, which escaped what it printed.
    return mark_safe("".join(html))


def _level_progress(progress, version) -> str:
    if progress is None or not progress.total:
        return ""
    return fragments.get_or_make(
        version,
        ("level-progress", progress.done, progress.total),
        lambda: render_to_string(f"{TEMPLATE}#level-progress", {"progress": progress}),
    )


def _card(page, project, heading, query, learner, version) -> str:
    state = learner.states.get(project.pk)
    this_week = in_week(project, learner.schedule)
    key = ("card", project.pk, heading, query, this_week, state)
    return fragments.get_or_make(
        version,
        key,
        lambda: render_to_string(
            "curriculum/includes/project_card.html",
            {
                "project": project,
                "track": page.track,
                "heading": heading,
                "query": query,
                "this_week": this_week,
                "state": state,
            },
        ),
    )
