"""The track page in two parts: what every learner sees at an address (the track, its
filtered projects in levels and blocks, the filter form's HTML), cached per catalog version,
and each learner's cards, assembled from cached card HTML (one variant per project and state)
instead of 127 renders of the card template."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from curriculum.cache import catalog_version, fragments, pages
from curriculum.forms import TrackFilterForm
from curriculum.models import Guidance, Skill, Track
from curriculum.pages import track_levels
from curriculum.templatetags.catalog import in_week
from portfolio.schedule import scheduled_projects

TEMPLATE = "curriculum/track_detail.html"


@dataclass(frozen=True)
class TrackPage:
    """The catalog's part of a track page at one address (its query string). Shared between
    requests and threads: nothing in it is ever modified after it is made."""

    track: Track
    form: TrackFilterForm
    filters: str
    levels: list[tuple]  # [(level with its .blocks, its projects)]
    scheduled: list
    result_count: int


@dataclass(frozen=True)
class BlockView:
    section: Guidance | None
    collection: object
    cards: str  # the cards' HTML, joined: one string for the template to print


@dataclass(frozen=True)
class LevelView:
    level: object
    progress: object
    blocks: list[BlockView]


def track_page(request, track_slug: str) -> TrackPage:
    """The cached part of the track page at this address (404 when the track is not there
    for this user: drafts are for staff only, hence the key)."""
    key = ("track", track_slug, request.user.is_staff, request.META.get("QUERY_STRING", ""))
    version = catalog_version(request)
    page = pages.get(version, key)
    if page is None:
        page = _make_track_page(request, track_slug)
        pages.set(version, key, page)
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
    scheduled = list(scheduled_projects(track)) if track.has_schedule else []
    return TrackPage(track, form, filters, rows, scheduled, len(projects))


def level_views(request, page: TrackPage, learner) -> list[LevelView]:
    """The levels as this learner sees them: each block's cards as HTML, with their state
    (`learner`: what portfolio.progress.learner_track says of them)."""
    # The valid filters' values, even when another filter is not valid (see filter()).
    query = getattr(page.form, "cleaned_data", {}).get("q", "")
    version = catalog_version(request)
    views = []
    for row in learner.levels:
        blocks = []
        for block in row.level.blocks:
            if block.section:
                blocks.append(BlockView(block.section, None, ""))
                continue
            heading = "h4" if block.collection else "h3"
            cards = "".join(
                _card(page, project, heading, query, learner, version) for project in block.projects
            )
            # Safe: each card is a rendered template, which escaped what it printed.
            blocks.append(BlockView(None, block.collection, mark_safe(cards)))
        views.append(LevelView(row.level, row.progress, blocks))
    return views


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
