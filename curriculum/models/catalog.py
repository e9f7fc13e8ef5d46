"""The catalog: tracks, their levels, projects and milestones, and the skills projects practise.

Nothing here knows about learners. Learners' data will point at projects and milestones, so
catalog rows are never cascaded away: foreign keys toward them PROTECT, and content that leaves
its source file is archived (`archived_at`) and hidden instead of deleted.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower

from curriculum.models.base import (
    ArchivableQuerySet,
    CatalogQuerySet,
    InlineMarkdownHTMLField,
    PositionedQuerySet,
    active_unique_position,
    non_empty,
    reading_order,
    unique_key,
)
from roadmap.fields import MarkdownHTMLField
from roadmap.reversing import remembered_reverse


class SkillQuerySet(CatalogQuerySet):
    def in_reading_order(self) -> list:
        return sorted(self, key=lambda skill: reading_order(skill.name))

    def visible_to(self, user):
        """Skills that a project `user` may see practises: a skill of draft or archived
        tracks only is not shown (nor found, nor linked) to learners or visitors."""
        return self.filter(Exists(Project.objects.visible_to(user).filter(skills=OuterRef("pk"))))

    def practised_in(self, projects):
        """Skills of `projects`, each with its `project_count` among them."""
        return self.annotate(
            project_count=Count("projects", filter=Q(projects__in=projects))
        ).filter(project_count__gt=0)


class Skill(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="curriculum_skill_name_unique_ci",
                violation_error_message="A skill with this name already exists.",
            ),
            non_empty("name", "curriculum_skill_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return remembered_reverse("curriculum:skill-detail", self.slug)

    @property
    def initial(self) -> str:
        """The letter the skills page lists it under ("é…" under E, "csv" beside "CSV")."""
        return reading_order(self.name)[:1].upper()


class TrackQuerySet(ArchivableQuerySet):
    def published(self):
        return self.active().filter(is_published=True)

    def visible_to(self, user):
        """Learners see published tracks; mentors and admins also preview drafts."""
        return self.active() if user.is_staff else self.published()

    def with_schedule_flag(self):
        """Annotate `has_schedule`: the track is a plan by week (a live project has weeks)."""
        weeks = Project.objects.active().filter(track=OuterRef("pk"), week_start__isnull=False)
        return self.annotate(has_schedule=Exists(weeks))

    def with_counts(self):
        live_projects = Q(
            levels__archived_at__isnull=True, levels__projects__archived_at__isnull=True
        )
        return self.annotate(
            level_count=Count("levels", filter=Q(levels__archived_at__isnull=True), distinct=True),
            project_count=Count("levels__projects", filter=live_projects, distinct=True),
        )


class Track(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = MarkdownHTMLField(source="description")
    position = models.PositiveIntegerField(default=0, help_text="Order on the tracks page.")
    is_published = models.BooleanField(
        "published", default=False, help_text="Only published tracks are shown to learners."
    )
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        constraints = [non_empty("title", "curriculum_track_title_not_empty")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return remembered_reverse("curriculum:track-detail", self.slug)

    def active_levels_with_projects(self, projects=None):
        """Live levels in order, each with `.live_projects` (optionally a filtered queryset)."""
        if projects is None:
            projects = Project.objects.active()
        return self.levels.active().prefetch_related(
            Prefetch(
                "projects",
                queryset=projects.order_by("position").prefetch_related("skills"),
                to_attr="live_projects",
            )
        )


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    EXPERT = "expert", "Expert"

    @classmethod
    def from_text(cls, text: str) -> str:
        """The difficulty a field states by its first word ("Intermediate (6-18 months)" →
        intermediate); "" when it names none ("Early Intermediate" is its own wording)."""
        words = text.casefold().replace("-", " ").replace("/", " ").split()
        return words[0] if words and words[0] in cls.values else ""


class Level(models.Model):
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="levels")
    key = models.CharField(max_length=120, blank=True, editable=False)
    position = models.IntegerField()
    label = models.CharField(
        max_length=40,
        blank=True,
        help_text='What the source calls it, with its number: "Level 1", "Week 3", "Weeks 37–38".',
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = MarkdownHTMLField(source="description")
    difficulty = models.CharField(
        max_length=20,
        choices=Difficulty,
        blank=True,
        help_text="The difficulty of projects that don't state their own (for the filter).",
    )
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PositionedQuerySet.as_manager()

    class Meta:
        ordering = ["track", "position"]
        constraints = [
            unique_key("track", name="curriculum_level_key_unique"),
            models.UniqueConstraint(
                fields=["track", "slug"],
                name="curriculum_level_slug_unique",
                violation_error_message="This track already has a level with this slug.",
            ),
            active_unique_position("track", name="curriculum_level_position_unique"),
            non_empty("title", "curriculum_level_title_not_empty"),
        ]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        """As the source writes it: "Level 1 — Beginner (Novice)", or just the title."""
        return f"{self.label} — {self.title}" if self.label else self.title


def published_projects(via: str = "") -> Q:
    """What makes a project published, for a queryset of projects or (`via="project__"`) of
    rows that reach one through a join, which the ORM builds faster than a subquery."""
    return Q(
        **{
            f"{via}archived_at__isnull": True,
            f"{via}level__archived_at__isnull": True,
            f"{via}track__is_published": True,
            f"{via}track__archived_at__isnull": True,
        }
    )


class ProjectQuerySet(PositionedQuerySet):
    def published(self):
        return self.filter(published_projects())

    def visible_to(self, user):
        if user.is_staff:
            return self.active().filter(
                level__archived_at__isnull=True, track__archived_at__isnull=True
            )
        return self.published()

    def for_track_page(self):
        """In level order, with `milestone_count` (live core milestones), the project they
        continue, their collection and their skill tags (one query more)."""
        live_core = Q(milestones__kind=MilestoneKind.CORE, milestones__archived_at__isnull=True)
        tags = ProjectSkill.objects.select_related("skill").order_by("position")
        return (
            self.annotate(milestone_count=Count("milestones", filter=live_core, distinct=True))
            .select_related("continues", "collection")
            .prefetch_related(Prefetch("projectskill_set", queryset=tags, to_attr="tags"))
            .order_by("level__position", "position")
        )

    def in_catalog_order(self):
        return self.order_by("track__position", "track__title", "level__position", "position")

    def scheduled(self, track):
        """The track's live projects that have weeks, with `total`, their live core milestones
        (the plan by week of a track: portfolio.schedule.build_schedule)."""
        live_core = Q(milestones__kind=MilestoneKind.CORE, milestones__archived_at__isnull=True)
        return (
            self.active()
            .filter(track=track, level__archived_at__isnull=True, week_start__isnull=False)
            .annotate(total=Count("milestones", filter=live_core))
            .values_list("pk", "week_start", "week_end", "total", named=True)
        )

    def of_difficulty(self, difficulty: str):
        """Projects that state this difficulty, or whose level implies it when they don't."""
        return self.filter(
            Q(difficulty=difficulty) | Q(difficulty="", level__difficulty=difficulty)
        )


class Project(models.Model):
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="projects")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="projects")
    key = models.CharField(max_length=120, blank=True, editable=False)
    position = models.IntegerField()
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    collection = models.ForeignKey(
        "Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        help_text="A group of projects within the level, shown together and filterable.",
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text="The earlier project this one grows out of.",
    )
    week_start = models.PositiveSmallIntegerField(null=True, blank=True)
    week_end = models.PositiveSmallIntegerField(null=True, blank=True)
    what_you_build = models.TextField(blank=True)
    difficulty = models.CharField(max_length=20, choices=Difficulty, blank=True)
    difficulty_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="The source's wording when it says more than the level.",
    )
    time_investment = models.CharField(max_length=200, blank=True)
    portfolio_value = models.CharField(max_length=300, blank=True)
    business_potential = models.CharField(max_length=300, blank=True)
    tech_stack = models.CharField(max_length=300, blank=True)
    milestones_label = models.CharField(
        max_length=40,
        blank=True,
        help_text='The source\'s name for the checklist ("Key features").',
    )
    stretch_label = models.CharField(
        max_length=40,
        blank=True,
        help_text='The source\'s name for stretch goals ("Extension ideas").',
    )
    skills = models.ManyToManyField(Skill, through="ProjectSkill", related_name="projects")
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["track", "level__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "slug"], name="curriculum_project_slug_unique"
            ),
            unique_key("track", name="curriculum_project_key_unique"),
            active_unique_position("level", name="curriculum_project_position_unique"),
            non_empty("title", "curriculum_project_title_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return remembered_reverse("curriculum:project-detail", self.track.slug, self.slug)

    def clean(self):
        # `track` is stored beside `level` for the per-track slug constraint and fast lookups;
        # the two must agree.
        if self.level_id and self.track_id and self.level.track_id != self.track_id:
            raise ValidationError({"level": "Choose a level of this project’s track."})

    @property
    def weeks(self) -> str:
        """'Week 3' or 'Weeks 37–38' for a project of a plan by week, else ''."""
        if self.week_start is None:
            return ""
        if self.week_end in (None, self.week_start):
            return f"Week {self.week_start}"
        return f"Weeks {self.week_start}–{self.week_end}"


class ProjectSkill(models.Model):
    """A skill tag on a project, in the order the source lists them."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT)
    label = models.CharField(
        max_length=120,
        blank=True,
        help_text="The track file's wording when it differs from the skill's name (an alias).",
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "skill"], name="curriculum_project_skill_unique"
            )
        ]

    def __str__(self):
        return f"{self.project} · {self.skill}"

    @property
    def wording(self) -> str:
        return self.label or self.skill.name


class MilestoneKind(models.TextChoices):
    CORE = "core", "Milestone"
    STRETCH = "stretch", "Stretch goal"


class Milestone(models.Model):
    """One build step. Its `key` keeps it (and every learner's tick) when its wording changes."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="milestones")
    key = models.CharField(max_length=60, blank=True, editable=False)
    kind = models.CharField(max_length=10, choices=MilestoneKind, default=MilestoneKind.CORE)
    position = models.IntegerField()
    text = models.TextField(help_text="One line; Markdown links and `code` are shown as such.")
    text_html = InlineMarkdownHTMLField(source="text")
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PositionedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "kind", "position"]
        constraints = [
            unique_key("project", name="curriculum_milestone_key_unique"),
            active_unique_position("project", "kind", name="curriculum_milestone_position_unique"),
            non_empty("text", "curriculum_milestone_text_not_empty"),
        ]

    def __str__(self):
        return self.text
