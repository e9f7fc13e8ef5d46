from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.handles import HANDLE_HELP, OLD_HANDLE_KEPT_FOR, handle_validators, random_handle
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

    def handle_taken(self, handle: str, *, except_by=None) -> bool:
        """Someone (other than `except_by`) has the handle, whatever its case, or gave it up
        too recently for anyone else to take it."""
        since = timezone.now() - OLD_HANDLE_KEPT_FOR
        holders = self.filter(username__iexact=handle) | self.filter(
            handle_changes__old_handle__iexact=handle, handle_changes__changed_at__gte=since
        )
        if except_by is not None:
            holders = holders.exclude(pk=except_by.pk)
        return holders.exists()

    def unused_random_handle(self) -> str:
        while True:
            handle = random_handle()
            if not self.handle_taken(handle):
                return handle

    def by_old_handle(self, handle: str):
        """The user who gave up `handle` less than OLD_HANDLE_KEPT_FOR ago, or None."""
        since = timezone.now() - OLD_HANDLE_KEPT_FOR
        return self.filter(
            handle_changes__old_handle__iexact=handle, handle_changes__changed_at__gte=since
        ).first()


class RoadmapUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    # The public handle: /u/<handle>/, cohort lists, the review queue. Chosen by the learner,
    # never derived from their email (sign-up gives a neutral random one).
    username = models.CharField(
        "public handle",
        max_length=150,
        unique=True,
        validators=handle_validators,
        help_text=HANDLE_HELP,
        error_messages={"unique": "That handle is taken: choose another one."},
    )
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
    # Counts the changes to what the learner's own pages show (their ticks, projects,
    # submissions and reviews, time, groups), bumped by database triggers (portfolio migration
    # 0020) on every write, bulk and raw SQL included. Read with the user on every request,
    # it keys their cached pages (curriculum.kept_pages).
    pages_version = models.BigIntegerField(default=0, editable=False)
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
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_unique_ci",
                violation_error_message="That handle is taken: choose another one.",
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

    @property
    def needs_two_factor(self) -> bool:
        """Mentors and admins see every learner's work and change the catalog: their account
        is worth more to an attacker, so the review pages and the admin ask for a second
        factor. Learners may add one too."""
        return self.is_active and (self.is_staff or self.is_superuser)

    def has_two_factor(self) -> bool:
        from allauth.mfa.models import Authenticator

        second_factors = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        return self.authenticator_set.filter(type__in=second_factors).exists()

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


class HandleChangeQuerySet(models.QuerySet):
    def record(self, *, user, old_handle: str) -> None:
        """`user` just left `old_handle` for `user.username`. Taking back a handle of one's
        own ends its redirect; a change of case only needs none."""
        self.filter(user=user, old_handle__iexact=user.username).delete()
        if old_handle.casefold() != user.username.casefold():
            self.create(user=user, old_handle=old_handle)


class HandleChange(models.Model):
    """A handle a user gave up: /u/<old>/ redirects to their new one for a while, and nobody
    else can take it meanwhile (see accounts.handles)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="handle_changes")
    old_handle = models.CharField(max_length=150)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = HandleChangeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(Lower("old_handle"), "changed_at", name="accounts_old_handle_idx")]

    def __str__(self):
        return f"{self.old_handle} → {self.user.username}"


class DeletedAccount(models.Model):
    """Who deleted their account and how much went with it: counts, never the content."""

    user_id = models.BigIntegerField("user id")
    handle = models.CharField(max_length=150)
    was_mentor = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(default=timezone.now)
    # {"portfolio.Submission": 3, "portfolio.Review": 2, "screenshot files": 4, ...}
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self):
        return f"{self.handle} (#{self.user_id}) deleted {self.deleted_at:%Y-%m-%d %H:%M}"
