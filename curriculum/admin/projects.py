"""Projects, their milestones, guidance and skills, and skills, in the admin."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count

from curriculum.admin.positions import (
    ArchiveActionsMixin,
    ArchivedFilter,
    PositionedForm,
    PositionedInlineFormSet,
)
from curriculum.models import (
    Guidance,
    Level,
    Milestone,
    Project,
    ProjectSkill,
    Skill,
    project_record_former_slug,
)


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


class GuidanceInline(admin.StackedInline):
    """Guidance in source order: its position is its place among its owner's blocks (a
    project's checklist and stretch goals, a level's projects take the places left free)."""

    model = Guidance
    formset = PositionedInlineFormSet
    fields = ["position", "kind", "title", "body"]
    extra = 0
    verbose_name = "guidance block"
    verbose_name_plural = "guidance (objectives, tips, notes…)"

    def get_queryset(self, request):
        return super().get_queryset(request).active()


class ProjectSkillInline(admin.TabularInline):
    model = ProjectSkill
    fields = ["skill", "label", "position"]
    autocomplete_fields = ["skill"]
    extra = 0
    verbose_name = "skill"
    verbose_name_plural = "skills"


class LevelFilter(admin.SimpleListFilter):
    """The levels of the track picked in the track filter (level titles repeat across tracks)."""

    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        track = request.GET.get("track__id__exact", "")
        if not track.isdecimal():  # no track picked, or not an id (a crafted URL): no levels
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
                    "collection",
                    "continues",
                    ("week_start", "week_end"),
                    "difficulty",
                    "difficulty_note",
                    "time_investment",
                    "portfolio_value",
                    "business_potential",
                    "tech_stack",
                    ("milestones_label", "stretch_label"),
                ]
            },
        ),
        (None, {"fields": ["archived_at"]}),
    ]
    inlines = [ProjectSkillInline, MilestoneInline, GuidanceInline]
    actions = ["archive", "restore"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            # The old address keeps working: it redirects to the new one.
            project_record_former_slug(project=obj, old_slug=form.initial["slug"])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "level":
            kwargs["queryset"] = Level.objects.select_related("track")
        if db_field.name == "continues":
            kwargs["queryset"] = Project.objects.select_related("track")
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
