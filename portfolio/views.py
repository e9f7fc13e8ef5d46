from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from curriculum.models import Milestone, Project
from portfolio.models import ProjectStatus
from portfolio.progress import milestone_set_done, project_progress, project_start


def _sign_in_first(request, project):
    """Anonymous visitors go to sign in and come back to the project, not to this POST URL."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = redirect_to_login(project.get_absolute_url()).url
        return response
    return redirect_to_login(project.get_absolute_url())


@require_POST
def milestone_check(request, milestone_id):
    milestone = get_object_or_404(
        Milestone.objects.active()
        .filter(project__in=Project.objects.published())
        .select_related("project__track"),
        pk=milestone_id,
    )
    if not request.user.is_authenticated:
        return _sign_in_first(request, milestone.project)
    done = request.POST.get("done") == "1"
    milestone_set_done(user=request.user, milestone=milestone, done=done)
    if not request.htmx:
        return redirect(f"{milestone.project.get_absolute_url()}#milestone-{milestone.pk}")
    milestone.is_done = done
    context = {
        "milestone": milestone,
        "project": milestone.project,
        "progress": project_progress(request.user, milestone.project_id),
        "status": ProjectStatus.IN_PROGRESS,
        "status_label": ProjectStatus.IN_PROGRESS.label,
    }
    return render(request, "portfolio/milestone_checked.html", context)


@require_POST
def project_start_view(request, project_id):
    project = get_object_or_404(Project.objects.published().select_related("track"), pk=project_id)
    if not request.user.is_authenticated:
        return _sign_in_first(request, project)
    project_start(user=request.user, project_id=project.pk)
    return redirect(project.get_absolute_url())
