from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from roadmap.fields import MarkdownHTMLField
from roadmap.markdown import USER_HEADING_SHIFT

MENTORS_GROUP = "Mentors"

github_username_validator = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$",
    "Enter a GitHub username: letters, digits and single hyphens, at most 39 characters.",
)


# Who is a mentor: the one rule. Mentors review submissions and edit the catalog in the admin;
# they are the active members of the Mentors group (who have admin access), and admins.
MENTOR = Q(is_active=True) & (Q(is_superuser=True) | Q(is_staff=True, groups__name=MENTORS_GROUP))


class UserQuerySet(models.QuerySet):
    def mentors(self):
        return self.filter(MENTOR).distinct()

    def not_away(self, today=None):
        """Everyone but mentors who said they are away (until and including `away_until`)."""
        today = today or timezone.localdate()
        return self.filter(Q(away_until__isnull=True) | Q(away_until__lt=today))


class RoadmapUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    display_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="How your name appears to mentors and on your portfolio.",
    )
    bio = models.TextField(
        max_length=2000, blank=True, help_text="A few lines about you. Markdown."
    )
    bio_html = MarkdownHTMLField(source="bio", shift_headings=USER_HEADING_SHIFT)
    github_username = models.CharField(
        "GitHub username", max_length=39, blank=True, validators=[github_username_validator]
    )
    notify_new_submissions = models.BooleanField(
        "email me about new submissions",
        default=True,
        help_text="Mentors: an email when a learner submits a project for review.",
    )
    away_until = models.DateField(
        "away until",
        null=True,
        blank=True,
        help_text="Mentors: no news of new submissions, in the app or by email, up to and "
        "including this day. Leave it empty when you are around.",
    )
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)
    portfolio_public = models.BooleanField(
        "public portfolio",
        default=False,
        help_text="Show your approved projects, their evidence and the skills they demonstrate "
        "on a public page anyone can visit. Nothing else is shown.",
    )

    objects = RoadmapUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message="A user with this email address already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @cached_property
    def is_mentor(self) -> bool:
        """The MENTOR rule for this user; no query for anyone without admin access."""
        if not (self.is_active and (self.is_staff or self.is_superuser)):
            return False
        return type(self).objects.mentors().filter(pk=self.pk).exists()

    def make_mentor(self) -> None:
        """Join the Mentors group and gain access to the admin, where mentors do their work."""
        self.groups.add(Group.objects.get(name=MENTORS_GROUP))
        if not self.is_staff:
            self.is_staff = True
            self.save(update_fields=["is_staff"])
        self.__dict__.pop("is_mentor", None)

    def remove_mentor(self) -> None:
        self.groups.remove(Group.objects.get(name=MENTORS_GROUP))
        if self.is_staff and not self.is_superuser:
            self.is_staff = False
            self.save(update_fields=["is_staff"])
        self.__dict__.pop("is_mentor", None)
