"""The catalog in the admin, where mentors and admins edit it.

Mentors archive instead of deleting (they have no delete permission): learners' data points at
catalog rows. Positions are unique among a parent's live rows and that constraint is checked
row by row, so the inline formsets check the submitted positions together and save in an order
that lets two rows swap places.
"""

import io
import zipfile

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models import Count, F, Max
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from curriculum.catalog_format import CatalogFormatError, parse_track
from curriculum.importer import export_track, import_track
from curriculum.models import Level, Milestone, Project, ProjectSkill, Skill, Track

MAX_TRACK_FILE_SIZE = 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Positions and archiving

# With `position`, these fields are unique among live rows (the models' conditional constraints).
POSITION_SCOPES = {Level: ("track",), Project: ("level",), Milestone: ("project", "kind")}


class PositionedForm(forms.ModelForm):
    """Refuses a position that another live row holds.

    Django skips the conditional constraint when validating this form (its condition reads
    `archived_at`, which is not a form field), so a taken position would be a server error.
    """

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        place = {name: cleaned_data.get(name) for name in (*POSITION_SCOPES[model], "position")}
        if None in place.values() or self.instance.archived_at is not None:
            return cleaned_data
        if place["position"] < 1:
            self.add_error("position", "Positions start at 1.")
        elif model.objects.active().filter(**place).exclude(pk=self.instance.pk).exists():
            self.add_error(
                "position",
                f"Another {model._meta.verbose_name} already has position {place['position']}.",
            )
        return cleaned_data


class PositionedInlineFormSet(BaseInlineFormSet):
    """Inline rows whose `position` is unique among the parent's live rows.

    The inline shows every live row, so duplicates are found among the submitted rows; the
    database would otherwise refuse them with a server error.
    """

    def clean(self):
        super().clean()
        scope = [name for name in POSITION_SCOPES[self.model] if name != self.fk.name]
        taken = set()
        for form in self.forms:
            position = form.cleaned_data.get("position")
            if position is None or self._should_delete_form(form):
                continue
            if position < 1:
                form.add_error("position", "Positions start at 1.")
                continue
            place = (*(form.cleaned_data.get(name) for name in scope), position)
            if place in taken:
                form.add_error("position", f"Another row already has position {position}.")
            taken.add(place)
        self.validate_constraints_with_parent()

    def validate_constraints_with_parent(self):
        """Django leaves the parent out of an inline row's constraint checks, so a clash with
        a row the inline doesn't show (an archived level's slug) would be a server error."""
        if self.instance.pk is None:
            return  # a new parent has no rows yet; clashes among the new ones are checked
        for form in self.forms:
            if form.has_changed() and form.is_valid() and not self._should_delete_form(form):
                try:
                    # Positions were checked above, among the rows as submitted.
                    form.instance.validate_constraints(exclude={"position"})
                except forms.ValidationError as error:
                    form.add_error(None, error)

    def save(self, commit=True):
        if commit:
            self.make_room()
        return super().save(commit)

    def make_room(self):
        """Move rows that change place (or go away) to a temporary position first: the
        constraint is not deferrable, so saving a swap row by row would collide halfway."""
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if self._should_delete_form(form)
            or {"position", *POSITION_SCOPES[self.model]}.intersection(form.changed_data)
        ]
        if moving:
            self.model.objects.filter(pk__in=moving).update(position=-F("pk"))


class ArchivedFilter(admin.SimpleListFilter):
    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "No"), ("yes", "Yes")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(archived_at__isnull=self.value() == "no")
        return queryset


class ArchiveActionsMixin:
    """Archive and restore actions; archived rows are hidden from learners and kept.

    A restored row whose place was taken meanwhile goes to the end.
    """

    @admin.display(boolean=True, description="archived", ordering="archived_at")
    def is_archived(self, obj):
        return obj.archived_at is not None

    @admin.action(description="Archive selected %(verbose_name_plural)s", permissions=["change"])
    def archive(self, request, queryset):
        rows = list(queryset.filter(archived_at__isnull=True))
        for row in rows:
            row.archived_at = timezone.now()
            row.save(update_fields=["archived_at"])
            self.log_change(request, row, "Archived.")
        self.message_user(request, f"Archived {len(rows)} {self._name(len(rows))}.")

    @admin.action(description="Restore selected %(verbose_name_plural)s", permissions=["change"])
    def restore(self, request, queryset):
        rows = list(queryset.filter(archived_at__isnull=False))
        for row in rows:
            message = "Restored."
            if self.model in POSITION_SCOPES and self._place_taken(row):
                row.position = self._live_siblings(row).aggregate(last=Max("position"))["last"] + 1
                message = f"Restored at position {row.position}: its place was taken."
            row.archived_at = None
            row.save(update_fields=["archived_at", "position"])
            self.log_change(request, row, message)
        self.message_user(request, f"Restored {len(rows)} {self._name(len(rows))}.")

    def _live_siblings(self, row):
        scope = {name: getattr(row, name) for name in POSITION_SCOPES[self.model]}
        return type(row).objects.active().filter(**scope).exclude(pk=row.pk)

    def _place_taken(self, row):
        return self._live_siblings(row).filter(position=row.position).exists()

    def _name(self, count):
        return self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural


# ---------------------------------------------------------------------------------------------
# Tracks and levels


class LevelInline(admin.TabularInline):
    model = Level
    formset = PositionedInlineFormSet
    fields = ["position", "label", "title", "slug", "difficulty"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).active()


class TrackImportForm(forms.Form):
    track = forms.FileField(
        label="Track file",
        help_text="Markdown in the track file format (.md or .txt), UTF-8, at most 1 MB.",
        validators=[FileExtensionValidator(["md", "markdown", "txt"])],
    )

    def clean_track(self):
        """The parsed track: the whole file is refused if anything in it is malformed."""
        upload = self.cleaned_data["track"]
        if upload.size > MAX_TRACK_FILE_SIZE:
            raise forms.ValidationError("The file is larger than 1 MB.", code="too_large")
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text. Save it as UTF-8 and upload it again.",
                code="encoding",
            ) from None
        try:
            return parse_track(text, source=upload.name)
        except CatalogFormatError as error:
            raise forms.ValidationError(str(error), code="malformed") from None


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
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{prefix}_import",
            ),
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
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        if request.method == "POST":
            form = TrackImportForm(request.POST, request.FILES)
            if form.is_valid():
                report = self._import(request, form.cleaned_data["track"])
                self.message_user(request, f"Imported {report}.", messages.SUCCESS)
                return redirect("admin:curriculum_track_change", report.track.pk)
        else:
            form = TrackImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import a track file",
            "form": form,
        }
        return TemplateResponse(request, "admin/curriculum/track/import.html", context)

    @transaction.atomic
    def _import(self, request, data):
        is_new = not Track.objects.filter(slug=data.slug).exists()
        # Tracks start as drafts: a mentor checks them before learners see them.
        report = import_track(data, publish_new=False)
        if is_new:
            self.log_addition(request, report.track, f"Imported: {report}")
        elif report.changes:
            self.log_change(request, report.track, f"Imported: {report}")
        return report


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


@admin.register(Level)
class LevelAdmin(ArchiveActionsMixin, admin.ModelAdmin):
    form = PositionedForm
    list_display = ["heading", "track", "position", "difficulty", "is_archived"]
    list_filter = ["track", ArchivedFilter]
    list_select_related = ["track"]
    search_fields = ["title", "label", "track__title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["archived_at"]
    inlines = [ProjectInline]
    actions = ["archive", "restore"]


# ---------------------------------------------------------------------------------------------
# Projects, milestones and skills


class MilestoneInline(admin.TabularInline):
    model = Milestone
    formset = PositionedInlineFormSet
    fields = ["kind", "position", "text"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}
    }
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).active()


class ProjectSkillInline(admin.TabularInline):
    model = ProjectSkill
    fields = ["skill", "position"]
    autocomplete_fields = ["skill"]
    extra = 0
    verbose_name = "skill"
    verbose_name_plural = "skills"


class LevelFilter(admin.SimpleListFilter):
    """The levels of the track picked in the track filter (level titles repeat across tracks)."""

    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        track = request.GET.get("track__id__exact")
        if not track:
            return []
        return [(level.pk, level.heading) for level in Level.objects.active().filter(track=track)]

    def queryset(self, request, queryset):
        return queryset.filter(level=self.value()) if self.value() else queryset


@admin.register(Project)
class ProjectAdmin(ArchiveActionsMixin, admin.ModelAdmin):
    form = PositionedForm
    list_display = ["title", "track", "level", "difficulty", "position", "is_archived"]
    list_filter = ["track", "difficulty", ArchivedFilter, LevelFilter]
    list_select_related = ["track", "level"]
    search_fields = ["title", "what_you_build", "milestones__text"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["archived_at"]
    fieldsets = [
        (None, {"fields": ["track", "level", "position", "title", "slug", "what_you_build"]}),
        (
            "Details",
            {
                "fields": [
                    "difficulty",
                    "difficulty_note",
                    "time_investment",
                    "portfolio_value",
                    "business_potential",
                    "tech_stack",
                    "learning_objectives",
                    "notes",
                ]
            },
        ),
        (None, {"fields": ["archived_at"]}),
    ]
    inlines = [ProjectSkillInline, MilestoneInline]
    actions = ["archive", "restore"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "level":
            kwargs["queryset"] = Level.objects.select_related("track")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "level":
            field.label_from_instance = lambda level: f"{level.track} · {level}"
        return field


@admin.register(Milestone)
class MilestoneAdmin(ArchiveActionsMixin, admin.ModelAdmin):
    form = PositionedForm
    list_display = ["text", "project", "kind", "position", "is_archived"]
    list_filter = ["kind", ArchivedFilter, "project__track"]
    list_select_related = ["project"]
    search_fields = ["text", "project__title"]
    autocomplete_fields = ["project"]
    readonly_fields = ["archived_at"]
    actions = ["archive", "restore"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "project_count"]
    ordering = ["name"]  # Meta.ordering doesn't apply to the annotated queryset
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects"))

    @admin.display(description="projects", ordering="project_count")
    def project_count(self, skill):
        return skill.project_count
