"""Cohort pages. Mentors and admins create cohorts; a cohort's page is for its mentors and
admins only (404 for anyone else, other mentors included); learners join by invite after a
consent screen, and may leave."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from portfolio.cohorts.forms import CohortForm, JoinForm
from portfolio.cohorts.matrix import SORT_LABELS, cohort_matrix, csv_rows
from portfolio.cohorts.membership import cohort_join, cohort_leave, is_member
from portfolio.models import Cohort, CohortMembership
from portfolio.models.cohorts import new_invite_code


def _get_cohort_for_mentor(request, pk):
    return get_object_or_404(Cohort.objects.run_by(request.user).select_related("track"), pk=pk)


@login_required
def cohort_list(request):
    context = {
        "run": Cohort.objects.run_by(request.user).select_related("track"),
        "joined": CohortMembership.objects.active()
        .filter(learner=request.user)
        .select_related("cohort__track"),
        "join_form": JoinForm(),
    }
    return render(request, "portfolio/cohorts/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_new(request):
    if not request.user.is_mentor:
        raise Http404
    form = CohortForm(request.POST or None, initial={"mentors": [request.user]})
    if request.method == "POST" and form.is_valid():
        cohort = form.save(commit=False)
        cohort.created_by = request.user
        cohort.save()
        form.save_m2m()
        messages.success(request, "Cohort created: share its invite link with your learners.")
        return redirect(cohort)
    return render(request, "portfolio/cohorts/form.html", {"form": form})


@login_required
def cohort_detail(request, pk):
    cohort = _get_cohort_for_mentor(request, pk)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORT_LABELS else "name"
    projects, page, rows = cohort_matrix(cohort, sort=sort, page=request.GET.get("page"))
    context = {
        "cohort": cohort,
        "mentors": cohort.mentors.all(),
        "projects": projects,
        "page": page,
        "rows": rows,
        "sort": sort,
        "sort_labels": SORT_LABELS,
        "sort_label": SORT_LABELS[sort],
        "invite_url": request.build_absolute_uri(cohort.get_invite_url()),
    }
    return render(request, "portfolio/cohorts/detail.html", context)


@login_required
def cohort_csv(request, pk):
    cohort = _get_cohort_for_mentor(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}-progress.csv"'
    csv.writer(response).writerows(csv_rows(cohort))
    return response


@login_required
@require_POST
def cohort_new_code(request, pk):
    cohort = _get_cohort_for_mentor(request, pk)
    cohort.invite_code = new_invite_code()
    cohort.save(update_fields=["invite_code"])
    messages.success(request, "New invite link made: the old one no longer works.")
    return redirect(cohort)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_join_view(request, code):
    """The consent screen: what the cohort's mentors will see, then Join."""
    cohort = get_object_or_404(Cohort.objects.select_related("track"), invite_code=code)
    if request.method == "POST":
        if cohort_join(cohort=cohort, learner=request.user):
            messages.success(request, f"You joined {cohort.name}.")
        else:
            messages.info(request, f"You are already in {cohort.name}.")
        return redirect("cohorts:list")
    context = {
        "cohort": cohort,
        "mentors": cohort.mentors.all(),
        "member": is_member(cohort, request.user),
    }
    return render(request, "portfolio/cohorts/join.html", context)


@login_required
def cohort_join_by_code(request):
    form = JoinForm(request.GET or None)
    if form.is_valid():
        return redirect("cohorts:join", form.cleaned_data["code"])
    return render(
        request, "portfolio/cohorts/list.html", {"join_form": form, "joined": [], "run": []}
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_leave_view(request, pk):
    membership = get_object_or_404(
        CohortMembership.objects.active().select_related("cohort"), cohort=pk, learner=request.user
    )
    if request.method == "POST":
        cohort_leave(cohort=membership.cohort, learner=request.user)
        messages.success(request, f"You left {membership.cohort.name}. Your work stays yours.")
        return redirect("cohorts:list")
    return render(request, "portfolio/cohorts/leave.html", {"cohort": membership.cohort})
