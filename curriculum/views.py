from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.vary import vary_on_headers

from curriculum.cache import public_catalog_page
from curriculum.forms import SearchForm
from curriculum.kept_pages import kept_page
from curriculum.models import (
    FormerProjectSlug,
    Milestone,
    MilestoneKind,
    Project,
    Skill,
    Track,
)
from curriculum.project_page import project_page
from curriculum.search import search_milestones, search_projects, search_skills
from curriculum.track_page import project_list, track_page
from portfolio.progress import learner_project, learner_track

SEARCH_PAGE_SIZE = 20


@public_catalog_page
def track_list(request):
    tracks = Track.objects.visible_to(request.user).with_counts()
    return render(request, "curriculum/track_list.html", {"tracks": tracks})


# The htmx request for a filter gets the project list only, at the URL the full page has:
# without Vary the browser's cache gave that fragment to Back and to a reload.
@vary_on_headers("HX-Request")
@public_catalog_page
@kept_page
def track_detail(request, track_slug):
    page = track_page(request, track_slug)
    learner = learner_track(request.user, page.track, page.levels, page.scheduled)
    context = {
        "track": page.track,
        "form": page.form,
        "filters": page.filters,
        "project_list": project_list(request, page, learner),
        "schedule": learner.schedule,
        "result_count": page.result_count,
    }
    template = "curriculum/track_detail.html"
    if request.htmx:
        template += "#project-list"
    return render(request, template, context)


@public_catalog_page
@kept_page
def project_detail(request, track_slug, project_slug):
    page = project_page(request, track_slug, project_slug)
    if page is None:
        visible = Project.objects.visible_to(request.user)
        return _redirect_renamed_project(track_slug, project_slug, visible)
    learner = learner_project(request.user, page.project, page.milestones)
    milestones = learner.milestones if learner else page.milestones
    context = {
        "project": page.project,
        "track": page.project.track,
        "tags": page.tags,
        "learner": learner,
        "blocks": page.blocks,
        "core_milestones": [m for m in milestones if m.kind == MilestoneKind.CORE],
        "stretch_goals": [m for m in milestones if m.kind == MilestoneKind.STRETCH],
        "chain": page.chain,
        "previous": page.previous,
        "next": page.next,
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


@public_catalog_page
def skill_list(request):
    visible = Project.objects.visible_to(request.user)
    skills = Skill.objects.practised_in(visible).in_reading_order()
    return render(request, "curriculum/skill_list.html", {"skills": skills})


@public_catalog_page
def skill_detail(request, skill_slug):
    skill = get_object_or_404(Skill.objects.visible_to(request.user), slug=skill_slug)
    projects = (
        Project.objects.visible_to(request.user)
        .filter(skills=skill)
        .select_related("track", "level")
        .in_catalog_order()
    )
    return render(request, "curriculum/skill_detail.html", {"skill": skill, "projects": projects})


@public_catalog_page
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
