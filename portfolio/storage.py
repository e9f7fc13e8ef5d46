"""What learners' uploads take in storage: the quota each learner's screenshots count against,
the periodic cleanup of what nobody needs any more, and the per-learner report."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum

from portfolio.models import SCREENSHOTS_DIRECTORY, Screenshot, SubmissionStatus

MB = 1024 * 1024
# Rows locked and deleted, and file names looked up, this many at a time.
BATCH = 500


def storage_used(user) -> int:
    """Bytes the user's screenshots take: staged, sent and withdrawn ones alike, until the
    cleanup removes them."""
    return Screenshot.objects.filter(owner=user).aggregate(used=Sum("size"))["used"] or 0


def quota_refusal(user, adding: int) -> str | None:
    """Why storing `adding` more bytes of the user's screenshots would be refused (it would
    take them past SCREENSHOT_QUOTA_MB), or None."""
    quota = settings.SCREENSHOT_QUOTA_MB * MB
    used = storage_used(user)
    if not adding or used + adding <= quota:
        return None
    return (
        f"These screenshots ({_mb(adding)} MB) would take you past the {_mb(quota)} MB your "
        f"screenshots may take: {_mb(used)} MB are in use. Screenshots you never sent and "
        f"those of withdrawn submissions are removed {settings.MEDIA_CLEANUP_GRACE_DAYS} days "
        "later; an admin can raise the limit."
    )


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def screenshots_clean_up(*, now) -> int:
    """The periodic job (settings.PERIODIC_JOBS): remove what nobody needs once it is
    MEDIA_CLEANUP_GRACE_DAYS old: screenshots never sent, those of withdrawn submissions, and
    files no row names (a row deleted with its account, an upload whose request failed).
    Returns how many files went. Idempotent: a second run finds nothing, and two at once
    delete each thing once (deleting a file that is gone is no error)."""
    cutoff = now - timedelta(days=settings.MEDIA_CLEANUP_GRACE_DAYS)
    return _unneeded_screenshots_remove(cutoff) + _stray_files_remove(cutoff)


def _storage():
    return Screenshot._meta.get_field("image").storage


def _unneeded_screenshots_remove(cutoff) -> int:
    """Rows first, then their files, through the storage API: a file whose delete fails is
    left without a row, and the next run takes it as a stray."""
    removed = 0
    while True:
        with transaction.atomic():
            # Locked: a submission taking one of these staged screenshots now waits, then
            # finds it gone (and the form asks to attach it again).
            batch = list(
                Screenshot.objects.unneeded_since(cutoff)
                .select_for_update(of=("self",))
                .values_list("pk", "image")[:BATCH]
            )
            Screenshot.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
        for _, name in batch:
            _storage().delete(name)
        removed += len(batch)
        if len(batch) < BATCH:
            return removed


def _stray_files_remove(cutoff) -> int:
    """Files under screenshots/ that no row names, last written before `cutoff` (a file is
    stored a moment before its row is committed: the grace keeps it)."""
    storage = _storage()
    try:
        _, names = storage.listdir(SCREENSHOTS_DIRECTORY)
    except FileNotFoundError:  # nothing uploaded yet
        return 0
    paths = sorted(f"{SCREENSHOTS_DIRECTORY}/{name}" for name in names)
    removed = 0
    for start in range(0, len(paths), BATCH):
        batch = paths[start : start + BATCH]
        named = set(Screenshot.objects.filter(image__in=batch).values_list("image", flat=True))
        for path in batch:
            if path not in named and storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                removed += 1
    return removed


def storage_per_learner():
    """Each learner with screenshots in storage, the most first: username, files, bytes, and
    the bytes of staged screenshots and of withdrawn submissions' (one query)."""
    return (
        Screenshot.objects.values("owner__username")
        .annotate(
            files=Count("pk"),
            bytes=Sum("size"),
            staged=Sum("size", filter=Q(submission__isnull=True), default=0),
            withdrawn=Sum(
                "size", filter=Q(submission__status=SubmissionStatus.WITHDRAWN), default=0
            ),
        )
        .order_by("-bytes", "owner__username")
    )
