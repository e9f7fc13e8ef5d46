from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from curriculum.forms import SearchForm, TrackFilterForm
from curriculum.models import Milestone, MilestoneKind, Project, Skill, Track
from curriculum.search import search_milestones, search_projects, search_skills
from portfolio.progress import learner_project, levels_with_progress

SEARCH_PAGE_SIZE = 20


def track_list(request):
    tracks = Track.objects.visible_to(request.user).with_counts()
    return render(request, "curriculum/track_list.html", {"tracks": tracks})


def track_detail(request, track_slug):
    track = get_object_or_404(Track.objects.visible_to(request.user), slug=track_slug)
    levels = list(track.levels.active())
    skills = Skill.objects.filter(
        projects__track=track, projects__archived_at__isnull=True
    ).distinct()
    form = TrackFilterForm(request.GET, levels=levels, skills=skills)
    projects = (
        form.filter(track.projects.active().filter(level__archived_at__isnull=True))
        .annotate(
            milestone_count=Count(
                "milestones",
                filter=Q(milestones__kind=MilestoneKind.CORE, milestones__archived_at__isnull=True),
                distinct=True,
            )
        )
        .prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("projectskill__position"))
        )
        .order_by("level__position", "position")
    )
    projects = list(projects)
    context = {
        "track": track,
        "form": form,
        "levels": levels_with_progress(request.user, group_by_level(levels, projects)),
        "result_count": len(projects),
    }
    template = "curriculum/track_detail.html"
    if request.htmx:
        template += "#project-list"
    return render(request, template, context)


def group_by_level(levels, projects):
    """[(level, [its projects])] in level order, leaving out empty levels."""
    by_level = {level.pk: [] for level in levels}
    for project in projects:
        by_level[project.level_id].append(project)
    return [(level, by_level[level.pk]) for level in levels if by_level[level.pk]]


def project_detail(request, track_slug, project_slug):
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("track", "level"),
        track__slug=track_slug,
        slug=project_slug,
    )
    milestones = project.milestones.active().order_by("position")
    learner = learner_project(request.user, project, milestones)
    milestones = learner.milestones if learner else list(milestones)
    siblings = list(
        Project.objects.visible_to(request.user)
        .filter(track=project.track)
        .order_by("level__position", "position")
        .values_list("slug", "title", named=True)
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.slug == project.slug)
    context = {
        "project": project,
        "track": project.track,
        "skills": project.skills.order_by("projectskill__position"),
        "learner": learner,
        "core_milestones": [m for m in milestones if m.kind == MilestoneKind.CORE],
        "stretch_goals": [m for m in milestones if m.kind == MilestoneKind.STRETCH],
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
    return render(request, "curriculum/project_detail.html", context)


def skill_list(request):
    skills = (
        Skill.objects.annotate(
            project_count=Count(
                "projects", filter=Q(projects__in=Project.objects.visible_to(request.user))
            )
        )
        .filter(project_count__gt=0)
        .order_by("name")
    )
    return render(request, "curriculum/skill_list.html", {"skills": skills})


def skill_detail(request, skill_slug):
    skill = get_object_or_404(Skill, slug=skill_slug)
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
            "skills": search_skills(query)[:20],
        }
    else:
        context["popular_skills"] = Skill.objects.annotate(
            project_count=Count("projects")
        ).order_by("-project_count", "name")[:12]
    return render(request, "curriculum/search.html", context)
