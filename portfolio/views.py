import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from curriculum.kept_pages import kept_page
from curriculum.models import Project, Track
from curriculum.project_page import tickable_milestone
from portfolio.attempts import ResetRefused, track_has_progress, track_reset
from portfolio.completion import celebrations_take, completed_work
from portfolio.dashboard import (
    activity,
    in_progress_page,
    level_progress,
    recent_projects_in_progress,
    skill_coverage,
    submissions_in_review,
    suggest_next_project,
)
from portfolio.export import PROGRESS_FIELDS, progress_rows
from portfolio.forms import PreviewForm, SubmissionForm, TrackStartForm
from portfolio.models import SCREENSHOTS_DIRECTORY, Screenshot, Submission
from portfolio.notifications import notifications_read
from portfolio.progress import milestone_set_done, project_start, project_state
from portfolio.schedule import schedule_clear_start, schedule_set_start
from portfolio.submissions import (
    ALREADY_OPEN_MESSAGE,
    CARRIED_OVER,
    SubmissionRefused,
    can_submit,
    continued_stage_initial,
    resubmission_initial,
    submission_create,
    submission_withdraw,
    waiting_limit_message,
)
from roadmap.media import media_file_response
from roadmap.ratelimit import rate_limited


def _sign_in_first(request, project):
    """Anonymous visitors go to sign in and come back to the project, not to this POST URL."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = redirect_to_login(project.get_absolute_url()).url
        return response
    return redirect_to_login(project.get_absolute_url())


@require_POST
def milestone_check(request, milestone_id):
    milestone = tickable_milestone(request, milestone_id)
    if milestone is None:
        raise Http404("No such milestone.")
    if not request.user.is_authenticated:
        return _sign_in_first(request, milestone.project)
    milestone.is_done = request.POST.get("done") == "1"
    milestone_set_done(user=request.user, milestone=milestone, done=milestone.is_done)
    if not request.htmx:
        return redirect(f"{milestone.project.get_absolute_url()}#milestone-{milestone.pk}")
    context = {
        "milestone": milestone,
        "project": milestone.project,
        "state": project_state(request.user, milestone.project_id),
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
@kept_page
def dashboard(request):
    in_progress, in_progress_total = recent_projects_in_progress(request.user)
    current = in_progress[0].project if in_progress else None
    context = {
        "celebrations": celebrations_take(request.user),
        "in_progress": in_progress,
        "in_progress_total": in_progress_total,
        "in_review": submissions_in_review(request.user),
        "completed": completed_work(request.user),
        "tracks": level_progress(request.user),
        "suggestion": suggest_next_project(request.user, current),
        "activity": activity(request.user),
    }
    return render(request, "portfolio/dashboard.html", context)


@login_required
@kept_page
def in_progress_list(request):
    page = in_progress_page(request.user, request.GET.get("page"))
    return render(request, "portfolio/in_progress.html", {"page": page})


@login_required
@kept_page
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


def _submission_form_actions(request) -> list[str]:
    """What a POST of the submission form counts as: one upload per attached file, then a
    preview (the no-JS Preview button) or a submission, counted only if the uploads pass."""
    sent = "write_up_preview" if "preview" in request.POST else "submit"
    return ["upload"] * len(request.FILES.getlist("screenshots")) + [sent]


@login_required
@rate_limited(_submission_form_actions)
def submission_new(request, track_slug, project_slug):
    project = get_object_or_404(
        Project.objects.published().select_related("track", "level", "continues"),
        track__slug=track_slug,
        slug=project_slug,
    )
    previous = list(Submission.objects.filter(user=request.user, project=project))
    refusal = None if can_submit(previous) else ALREADY_OPEN_MESSAGE
    if refusal := refusal or waiting_limit_message(request.user):
        messages.info(request, refusal)
        return redirect(project.get_absolute_url())
    if request.method != "POST":
        stage = {} if previous else continued_stage_initial(request.user, project)
        form = SubmissionForm(owner=request.user, initial=resubmission_initial(previous) or stage)
        context = {"project": project, "form": form, "from_stage": stage and project.continues}
        return render(request, "portfolio/submission_form.html", context)
    form = SubmissionForm(request.POST, request.FILES, owner=request.user)
    form.stage_uploads()
    if "preview" not in request.POST and form.is_valid():
        try:
            submission_create(
                user=request.user,
                project=project,
                **{name: form.cleaned_data[name] for name in CARRIED_OVER},
                screenshots=form.cleaned_data["keep"],
            )
        except SubmissionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Submitted. A mentor will review it; you’ll get an email.")
            return redirect(f"{project.get_absolute_url()}#submissions")
    context = {"project": project, "form": form, "preview": form.preview}
    return render(request, "portfolio/submission_form.html", context)


@login_required
@require_POST
@rate_limited("write_up_preview")
def write_up_preview(request):
    form = PreviewForm(request.POST)
    context = {"preview": form.cleaned_data["write_up"] if form.is_valid() else None}
    return render(request, "portfolio/submission_form.html#preview", context)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("withdraw")
def submission_withdraw_view(request, submission_id):
    """GET asks to confirm (so that the page works without JavaScript); POST withdraws."""
    submission = get_object_or_404(
        Submission.objects.select_related("project__track"), pk=submission_id, user=request.user
    )
    if request.method == "GET":
        return render(request, "portfolio/submission_withdraw.html", {"submission": submission})
    if submission_withdraw(user=request.user, submission_id=submission.pk):
        messages.success(request, "Your submission is withdrawn.")
    else:
        messages.error(request, "A mentor is already reviewing it: it can no longer be withdrawn.")
    return redirect(f"{submission.project.get_absolute_url()}#submissions")


@login_required
def notification_list(request):
    notifications = notifications_read(request.user)
    return render(request, "portfolio/notifications.html", {"notifications": notifications})


@login_required
@require_http_methods(["GET", "POST"])
def track_reset_view(request, track_slug):
    """GET explains what starting again does and asks to confirm; POST starts again."""
    track = get_object_or_404(Track.objects.published(), slug=track_slug)
    if request.method == "GET":
        context = {"track": track, "has_progress": track_has_progress(request.user, track)}
        return render(request, "portfolio/track_reset.html", context)
    try:
        track_reset(user=request.user, track=track)
    except ResetRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("portfolio:track-reset", track.slug)
    messages.success(request, f"{track.title} starts again. Your earlier attempt is kept.")
    return redirect(track)


@login_required
@require_POST
def track_start(request, track_slug):
    """Set (or clear) the day the learner starts a plan by week; back to the track page."""
    track = get_object_or_404(Track.objects.published(), slug=track_slug)
    form = TrackStartForm(request.POST)
    if "clear" in request.POST:
        schedule_clear_start(user=request.user, track=track)
        messages.info(request, "Start date removed: the plan no longer counts your weeks.")
    elif form.is_valid():
        schedule_set_start(user=request.user, track=track, **form.cleaned_data)
        messages.success(request, "Start date saved: the plan counts your weeks from it.")
    else:
        messages.error(request, " ".join(form.errors["started_on"]))
    return redirect(f"{track.get_absolute_url()}#schedule")


@require_safe
def screenshot_file(request, filename):
    """A screenshot, for those its rule lets see it (Screenshot.is_visible_to); a 404 for
    everyone else, the same as for a file that does not exist."""
    screenshot = get_object_or_404(
        Screenshot.objects.select_related("owner", "submission"),
        image=f"{SCREENSHOTS_DIRECTORY}/{filename}",
    )
    if not screenshot.is_visible_to(request.user):
        raise Http404
    return media_file_response(screenshot.image.name, public=screenshot.is_public())
