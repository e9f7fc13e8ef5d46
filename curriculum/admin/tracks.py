"""Tracks and levels in the admin, with the track file's import (plan, then confirm) and
export."""

import io
import zipfile

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from curriculum.admin.importing import TrackImportConfirmForm, TrackImportForm
from curriculum.admin.positions import (
    ArchiveActionsMixin,
    ArchivedFilter,
    PositionedForm,
    PositionedInlineFormSet,
)
from curriculum.admin.projects import GuidanceInline
from curriculum.importer import export_track, import_tracks, plan_import
from curriculum.models import Level, Project, Track


class LevelInline(admin.TabularInline):
    model = Level
    formset = PositionedInlineFormSet
    fields = ["position", "label", "title", "slug", "difficulty"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).active()


@admin.register(Track)
class TrackAdmin(ArchiveActionsMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "slug",
        "is_published",
        "level_count",
        "project_count",
        "position",
        "is_archived",
    ]
    list_editable = ["position"]
    list_filter = ["is_published", ArchivedFilter]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["archived_at", "created_at", "updated_at"]
    inlines = [LevelInline]
    actions = ["publish", "unpublish", "export", "archive", "restore"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="levels", ordering="level_count")
    def level_count(self, track):
        return track.level_count

    @admin.display(description="projects", ordering="project_count")
    def project_count(self, track):
        return track.project_count

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            path(
                "<path:object_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name=f"{prefix}_export",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Publish selected tracks", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Unpublish selected tracks", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        tracks = list(queryset.exclude(is_published=published))
        verb = "Published" if published else "Unpublished"
        for track in tracks:
            track.is_published = published
            track.save(update_fields=["is_published", "updated_at"])
            self.log_change(request, track, f"{verb}.")
        self.message_user(request, f"{verb} {len(tracks)} {self._name(len(tracks))}.")

    @admin.action(description="Export selected tracks as track files", permissions=["view"])
    def export(self, request, queryset):
        tracks = list(queryset)
        if len(tracks) == 1:
            return self._track_file_response(tracks[0])
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as files:
            for track in tracks:
                files.writestr(f"{track.slug}.md", export_track(track))
        response = HttpResponse(archive.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="tracks.zip"'
        return response

    def export_view(self, request, object_id):
        track = self.get_object(request, unquote(object_id))
        if track is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, track):
            raise PermissionDenied
        return self._track_file_response(track)

    def _track_file_response(self, track):
        response = HttpResponse(export_track(track), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{track.slug}.md"'
        return response

    def import_view(self, request):
        """Upload a file and see the plan; confirm (and confirm an archive of learners'
        work) to import it."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        if request.method != "POST":
            return self._upload_page(request, TrackImportForm())
        if "digest" not in request.POST:
            upload = TrackImportForm(request.POST, request.FILES)
            if not upload.is_valid():
                return self._upload_page(request, upload)
            initial = {"text": upload.cleaned_data["track"], "source": upload.source}
            return self._plan_page(request, upload.data_track, initial=initial)
        confirm = TrackImportConfirmForm(request.POST)
        if not confirm.is_valid():
            return self._upload_page(request, TrackImportForm(), problems=confirm.errors)
        run = plan_import([confirm.data_track], publish_new=False)
        if run.digest() != confirm.cleaned_data["digest"]:
            messages.warning(request, "The catalog changed since you read the plan: read it again.")
            return self._plan_page(request, confirm.data_track, initial=confirm.cleaned_data)
        if run.touched_archives and not confirm.cleaned_data["allow_archive"]:
            confirm.add_error("allow_archive", "Confirm the archive of learners’ work, or cancel.")
            return self._plan_page(request, confirm.data_track, form=confirm)
        plan = self._import(request, confirm.data_track, confirm.cleaned_data["allow_archive"])
        self.message_user(request, f"Imported {plan.summary()}.", messages.SUCCESS)
        return redirect("admin:curriculum_track_change", plan.track.pk)

    def _upload_page(self, request, form, problems=None):
        context = {"title": "Import a track file", "form": form, "problems": problems}
        return self._render(request, "admin/curriculum/track/import.html", context)

    def _plan_page(self, request, data, *, initial=None, form=None):
        run = plan_import([data], publish_new=False)
        if form is None:
            form = TrackImportConfirmForm(initial={**initial, "digest": run.digest()})
        context = {"title": "Check the import", "form": form, "run": run, "plan": run.plans[0]}
        return self._render(request, "admin/curriculum/track/import_plan.html", context)

    def _render(self, request, template, context):
        context = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, template, context)

    @transaction.atomic
    def _import(self, request, data, allow_archive):
        # Tracks start as drafts: a mentor checks them before learners see them.
        plan = import_tracks([data], publish_new=False, allow_archive=allow_archive).plans[0]
        if plan.is_new:
            self.log_addition(request, plan.track, f"Imported: {plan.summary()}")
        elif plan.changes:
            self.log_change(request, plan.track, f"Imported: {plan.summary()}")
        return plan


class ProjectInline(admin.TabularInline):
    """A level's projects, to reorder them; a new project is added from the project page,
    which also sets its track."""

    model = Project
    formset = PositionedInlineFormSet
    fields = ["position", "title", "difficulty"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).active()

    def has_add_permission(self, request, obj=None):
        return False


class SectionInline(GuidanceInline):
    """A level's reading sections; a position is a place among the level's projects (a
    section at 2 comes after the first project)."""

    verbose_name = "reading section"
    verbose_name_plural = "reading sections"


@admin.register(Level)
class LevelAdmin(ArchiveActionsMixin, admin.ModelAdmin):
    form = PositionedForm
    list_display = ["heading", "track", "position", "difficulty", "is_archived"]
    list_filter = ["track", ArchivedFilter]
    list_select_related = ["track"]
    search_fields = ["title", "label", "track__title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["archived_at"]
    inlines = [ProjectInline, SectionInline]
    actions = ["archive", "restore"]
