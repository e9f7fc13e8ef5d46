"""Open Badges 3.0 credentials issued to learners, and the keys that sign them.

A credential is stored as issued: the OpenBadgeCredential JSON and the signed VC-JWT that
carries it. Nothing in either changes afterwards; revocation is a fact about the credential
kept beside it (and published by its status endpoint), never an edit of what was signed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from curriculum.models import Level, Project, Track
from portfolio.models.evidence import Submission


class SigningKey(models.Model):
    """An Ed25519 key pair. The active key signs new credentials; every key stays published
    (its public half) so that what it signed keeps verifying after a rotation.

    The private key is stored encrypted (see portfolio.credentials.keys) and is never shown:
    not in the admin, not in a template, not in a log."""

    name = models.SlugField(max_length=40, unique=True, help_text="The end of the key's URL.")
    public_jwk = models.JSONField("public key (JWK)")
    private_key_encrypted = models.BinaryField(editable=False)
    is_active = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="portfolio_one_active_signing_key",
            )
        ]

    def __str__(self):
        return self.name


class CredentialKind(models.TextChoices):
    PROJECT = "project", "Approved project"
    LEVEL = "level", "Completed level"
    TRACK = "track", "Completed track"


class CredentialQuerySet(models.QuerySet):
    def unrevoked(self):
        return self.filter(revoked_at__isnull=True)


class Credential(models.Model):
    """An OpenBadgeCredential issued to a learner for an approved project (with its
    submission), a completed level or a completed track. The id is random: the public
    verification page's address must not be guessable from another one's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(max_length=10, choices=CredentialKind)
    # Always the track; the level for levels and projects; the project for projects.
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, null=True, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, related_name="+")
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, related_name="credentials"
    )
    name = models.CharField(max_length=300)
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    document = models.JSONField("OpenBadgeCredential")
    jwt = models.TextField("signed VC-JWT")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(blank=True, max_length=500)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["user", "-issued_at"])]
        # One live credential per learner and achievement: approving a project again (after
        # starting a track over) finds the one already issued. A revoked one steps aside.
        constraints = [
            models.UniqueConstraint(
                fields=["user", field],
                condition=Q(kind=kind, revoked_at__isnull=True),
                name=f"portfolio_one_live_{kind}_credential",
            )
            for kind, field in [("project", "project"), ("level", "level"), ("track", "track")]
        ]
        permissions = [("revoke_credential", "Can revoke credentials")]

    def __str__(self):
        return f"{self.name} · {self.user}"

    def get_absolute_url(self):
        return reverse("credentials:verify", args=[self.pk])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now=None) -> bool:
        return self.valid_until is not None and self.valid_until <= (now or timezone.now())
