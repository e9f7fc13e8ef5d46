"""Around the build steps: guidance, collections of projects, and former addresses."""

from django.db import models
from django.db.models import Q

from curriculum.models.base import (
    ArchivableQuerySet,
    CatalogQuerySet,
    PositionedQuerySet,
    non_empty,
)
from curriculum.models.catalog import Level, Project, Track
from roadmap.fields import MarkdownHTMLField


class GuidanceKind(models.TextChoices):
    NOTE = "note", "Note"
    OBJECTIVES = "objectives", "Objectives"
    TIPS = "tips", "Tips"
    OUTCOMES = "outcomes", "Outcomes"
    RESOURCES = "resources", "Resources"
    QUESTIONS = "questions", "Questions to ask yourself"
    RUBRIC = "rubric", "Rubric notes"


class Guidance(models.Model):
    """What a source says around the build steps: prose, objectives, tips, resources…
    Markdown, shown in source order, never ticked or counted. It belongs to a project, or is
    a reading section of a level.

    `position` is its place among its owner's blocks: a project's guidance shares the order
    with the checklist and the stretch goals (which take the places left free, in that order);
    a level's sections share it with the level's projects.
    """

    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, null=True, blank=True, related_name="sections"
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="guidance"
    )
    position = models.IntegerField()
    kind = models.CharField(max_length=20, choices=GuidanceKind, default=GuidanceKind.NOTE)
    title = models.CharField(max_length=200, blank=True, help_text="As the source labels it.")
    body = models.TextField(help_text="Markdown.")
    body_html = MarkdownHTMLField(source="body")
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PositionedQuerySet.as_manager()

    class Meta:
        verbose_name = "guidance"
        verbose_name_plural = "guidance"
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True, project__isnull=False)
                | Q(level__isnull=False, project__isnull=True),
                name="curriculum_guidance_one_owner",
                violation_error_message="Guidance belongs to a project or to a level.",
            ),
            models.UniqueConstraint(
                fields=["project", "position"],
                condition=Q(archived_at__isnull=True, project__isnull=False),
                name="curriculum_guidance_project_position_unique",
            ),
            models.UniqueConstraint(
                fields=["level", "position"],
                condition=Q(archived_at__isnull=True, level__isnull=False),
                name="curriculum_guidance_level_position_unique",
            ),
            non_empty("body", "curriculum_guidance_body_not_empty"),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()


class Collection(models.Model):
    """A named group of projects of a track ("Data Science Portfolio Projects")."""

    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="collections")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    position = models.IntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["track", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "slug"], name="curriculum_collection_slug_unique"
            ),
            non_empty("title", "curriculum_collection_title_not_empty"),
        ]

    def __str__(self):
        return self.title


class FormerProjectSlugQuerySet(CatalogQuerySet):
    def renamed_project(self, *, track_slug: str, slug: str, projects):
        """The project among `projects` that had `slug` in the track before a rename."""
        former = self.filter(track__slug=track_slug, slug=slug, project__in=projects)
        return former.select_related("project__track").first()


class FormerProjectSlug(models.Model):
    """A slug a project had before it was renamed: its old address redirects to the new one."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=120)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="former_slugs")

    objects = FormerProjectSlugQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["track", "slug"], name="curriculum_former_project_slug_unique"
            )
        ]

    def __str__(self):
        return f"{self.slug} → {self.project.slug}"


def project_record_former_slug(*, project: Project, old_slug: str) -> None:
    """Remember `old_slug` so that the project's old address keeps working after a rename."""
    if old_slug and old_slug != project.slug:
        FormerProjectSlug.objects.update_or_create(
            track_id=project.track_id, slug=old_slug, defaults={"project": project}
        )
