import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from curriculum.markdown import render_markdown
from curriculum.models import Milestone, Project
from portfolio.dashboard import (
    activity,
    level_progress,
    projects_in_progress,
    skill_coverage,
    suggest_next_project,
)
from portfolio.export import PROGRESS_FIELDS, progress_rows
from portfolio.forms import PreviewForm, SubmissionForm
from portfolio.models import ProjectStatus, Submission
from portfolio.notifications import notifications_read
from portfolio.progress import milestone_set_done, project_progress, project_start
from portfolio.submissions import can_submit, submission_create, submission_withdraw


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


@login_required
def dashboard(request):
    in_progress = projects_in_progress(request.user)
    current = in_progress[0].project if in_progress else None
    context = {
        "in_progress": in_progress,
        "tracks": level_progress(request.user),
        "suggestion": suggest_next_project(request.user, current),
        "activity": activity(request.user),
    }
    return render(request, "portfolio/dashboard.html", context)


@login_required
def skills_coverage(request):
    return render(
        request, "portfolio/skills_coverage.html", {"tracks": skill_coverage(request.user)}
    )


@login_required
def progress_export(request, fmt):
    rows = progress_rows(request.user)
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        response = JsonResponse({"user": request.user.username, "milestones": rows})
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.DictWriter(response, fieldnames=PROGRESS_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="roadmap-progress-{stamp}.{fmt}"'
    return response


def _get_project_for_learner(request, track_slug, project_slug):
    return get_object_or_404(
        Project.objects.published().select_related("track", "level"),
        track__slug=track_slug,
        slug=project_slug,
    )


@login_required
def submission_new(request, track_slug, project_slug):
    project = _get_project_for_learner(request, track_slug, project_slug)
    previous = Submission.objects.filter(user=request.user, project=project)
    if not can_submit(previous):
        messages.info(request, "This project already has a submission under review or approved.")
        return redirect(project.get_absolute_url())
    form = SubmissionForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        preview = render_markdown(request.POST.get("write_up", ""))
    elif request.method == "POST" and form.is_valid():
        submission = submission_create(
            user=request.user,
            project=project,
            repository_url=form.cleaned_data["repository_url"],
            demo_url=form.cleaned_data["demo_url"],
            write_up=form.cleaned_data["write_up"],
            images=form.cleaned_data["screenshots"],
        )
        if submission:
            messages.success(request, "Submitted. A mentor will review it; you’ll get an email.")
            return redirect(f"{project.get_absolute_url()}#submissions")
        messages.error(request, "This project already has a submission under review.")
    context = {"project": project, "form": form, "preview": preview}
    return render(request, "portfolio/submission_form.html", context)


@login_required
@require_POST
def write_up_preview(request):
    form = PreviewForm(request.POST)
    html = render_markdown(form.cleaned_data["write_up"]) if form.is_valid() else ""
    return render(request, "portfolio/submission_form.html#preview", {"preview": html})


@login_required
@require_POST
def submission_withdraw_view(request, submission_id):
    submission = get_object_or_404(
        Submission.objects.select_related("project__track"), pk=submission_id, user=request.user
    )
    if submission_withdraw(user=request.user, submission_id=submission.pk):
        messages.success(request, "Your submission is withdrawn.")
    else:
        messages.error(request, "A mentor is already reviewing it: it can no longer be withdrawn.")
    return redirect(f"{submission.project.get_absolute_url()}#submissions")


@login_required
def notification_list(request):
    notifications = notifications_read(request.user)
    return render(request, "portfolio/notifications.html", {"notifications": notifications})
