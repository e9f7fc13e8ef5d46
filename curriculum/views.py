from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.vary import vary_on_headers

from curriculum.forms import SearchForm, TrackFilterForm
from curriculum.models import (
    FormerProjectSlug,
    Guidance,
    Milestone,
    MilestoneKind,
    Project,
    Skill,
    Track,
)
from curriculum.pages import project_blocks, project_chain, track_levels
from curriculum.search import search_milestones, search_projects, search_skills
from portfolio.progress import learner_project, learner_track

SEARCH_PAGE_SIZE = 20


def track_list(request):
    tracks = Track.objects.visible_to(request.user).with_counts()
    return render(request, "curriculum/track_list.html", {"tracks": tracks})


# The htmx request for a filter gets the project list only, at the URL the full page has:
# without Vary the browser's cache gave that fragment to Back and to a reload.
@vary_on_headers("HX-Request")
def track_detail(request, track_slug):
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
    learner = learner_track(request.user, track, rows)
    context = {
        "track": track,
        "form": form,
        "levels": learner.levels,
        "schedule": learner.schedule,
        "result_count": len(projects),
    }
    template = "curriculum/track_detail.html"
    if request.htmx:
        template += "#project-list"
    return render(request, template, context)


def project_detail(request, track_slug, project_slug):
    visible = Project.objects.visible_to(request.user)
    projects = visible.select_related("track", "level", "collection")
    project = projects.filter(track__slug=track_slug, slug=project_slug).first()
    if project is None:
        return _redirect_renamed_project(track_slug, project_slug, visible)
    milestones = project.milestones.active().order_by("position")
    learner = learner_project(request.user, project, milestones)
    milestones = learner.milestones if learner else list(milestones)
    siblings = list(
        visible.filter(track=project.track)
        .order_by("level__position", "position")
        .values_list("pk", "slug", "title", "continues_id", named=True)
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == project.pk)
    context = {
        "project": project,
        "track": project.track,
        "tags": project.projectskill_set.select_related("skill").order_by("position"),
        "learner": learner,
        "blocks": project_blocks(project.guidance.active(), milestones),
        "core_milestones": [m for m in milestones if m.kind == MilestoneKind.CORE],
        "stretch_goals": [m for m in milestones if m.kind == MilestoneKind.STRETCH],
        "chain": project_chain(siblings, project),
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
    return render(request, "curriculum/project_detail.html", context)


def _redirect_renamed_project(track_slug, project_slug, visible):
    """A project's address from before it was renamed answers with its new one, for good."""
    former = FormerProjectSlug.objects.renamed_project(
        track_slug=track_slug, slug=project_slug, projects=visible
    )
    if former is None:
        raise Http404("No such project.")
    return redirect(former.project, permanent=True)


def skill_list(request):
    visible = Project.objects.visible_to(request.user)
    skills = Skill.objects.practised_in(visible).in_reading_order()
    return render(request, "curriculum/skill_list.html", {"skills": skills})


def skill_detail(request, skill_slug):
    skill = get_object_or_404(Skill.objects.visible_to(request.user), slug=skill_slug)
    projects = (
        Project.objects.visible_to(request.user)
        .filter(skills=skill)
        .select_related("track", "level")
        .in_catalog_order()
    )
    return render(request, "curriculum/skill_detail.html", {"skill": skill, "projects": projects})


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"form": form, "query": query}
    if query:
        projects = search_projects(query, Project.objects.visible_to(request.user)).select_related(
            "track", "level"
        )
        page = Paginator(projects, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        milestones = search_milestones(
            query,
            Milestone.objects.active().filter(project__in=Project.objects.visible_to(request.user)),
        ).select_related("project__track")
        context |= {
            "page": page,
            "milestones": milestones[:10],
            "skills": search_skills(query, Skill.objects.visible_to(request.user))[:20],
        }
    else:
        context["popular_skills"] = Skill.objects.practised_in(
            Project.objects.visible_to(request.user)
        ).order_by("-project_count", "name")[:12]
    return render(request, "curriculum/search.html", context)
