"""What learners' uploads take in storage: the quota each learner's screenshots count against,
the periodic cleanup of what nobody needs any more, and the per-learner report."""

from django.conf import settings
from django.db.models import Sum

from portfolio.models import Screenshot

MB = 1024 * 1024


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
