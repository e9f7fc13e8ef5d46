"""Logging time on a project: quick buttons on the project page, a page to add, edit and
remove entries. Entries are their owner's only: anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from curriculum.models import Project
from portfolio.models import TimeEntry
from portfolio.time_forms import QuickTimeForm, TimeEntryForm
from portfolio.timekeeping import time_log, time_summary
from roadmap.ratelimit import rate_limited


def _get_project(pk):
    return get_object_or_404(Project.objects.published().select_related("track"), pk=pk)


def _get_entry_for_user(request, pk):
    return get_object_or_404(
        TimeEntry.objects.select_related("project__track"), pk=pk, user=request.user
    )


def _back_to_time(project):
    return redirect(f"{project.get_absolute_url()}#time")


@login_required
@require_POST
@rate_limited("time_post")
def time_quick(request, project_id):
    project = _get_project(project_id)
    form = QuickTimeForm(request.POST)
    if form.is_valid():
        time_log(user=request.user, project=project, minutes=form.cleaned_data["minutes"])
    elif not request.htmx:
        messages.error(request, "Pick one of the quick amounts, or log time on the time page.")
    if not request.htmx:
        return _back_to_time(project)
    context = {"project": project, "time": time_summary(request.user, project)}
    return render(request, "curriculum/project_detail.html#time-panel", context)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("time_post")
def time_entries(request, project_id):
    project = _get_project(project_id)
    form = TimeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.user, form.instance.project = request.user, project
        form.save()
        messages.success(request, "Time logged.")
        return redirect("portfolio:time-entries", project.pk)
    context = {
        "project": project,
        "form": form,
        "entries": TimeEntry.objects.filter(user=request.user, project=project),
        "time": time_summary(request.user, project),
    }
    return render(request, "portfolio/time_entries.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("time_post")
def time_entry_edit(request, pk):
    entry = _get_entry_for_user(request, pk)
    form = TimeEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Entry saved.")
        return redirect("portfolio:time-entries", entry.project_id)
    return render(request, "portfolio/time_entry_form.html", {"form": form, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("time_post")
def time_entry_delete(request, pk):
    entry = _get_entry_for_user(request, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, "Entry removed.")
        return redirect("portfolio:time-entries", entry.project_id)
    return render(request, "portfolio/time_entry_delete.html", {"entry": entry})
