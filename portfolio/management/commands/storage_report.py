from django.conf import settings
from django.core.management.base import BaseCommand

from portfolio.storage import MB, storage_per_learner


class Command(BaseCommand):
    help = (
        "Storage per learner, the most first: screenshots, bytes, the shares of staged ones "
        "(never sent) and of withdrawn submissions' (both removed after the grace period), "
        "and the share of the quota in use."
    )

    def add_arguments(self, parser):
        parser.add_argument("--top", type=int, default=0, help="Only the N learners using most.")

    def handle(self, *args, top, **options):
        rows = storage_per_learner()
        if top:
            rows = rows[:top]
        quota = settings.SCREENSHOT_QUOTA_MB * MB
        self.stdout.write(
            f"{'learner':<30} {'files':>6} {'bytes':>14} {'staged':>7} {'withdrawn':>9} "
            f"{'of quota':>8}"
        )
        files = size = 0
        for row in rows:
            files, size = files + row["files"], size + row["bytes"]
            self.stdout.write(
                f"{row['owner__username']:<30} {row['files']:>6} {row['bytes']:>14,} "
                f"{_share(row['staged'], row['bytes']):>7} "
                f"{_share(row['withdrawn'], row['bytes']):>9} {_share(row['bytes'], quota):>8}"
            )
        self.stdout.write(
            f"{len(rows)} learner(s), {files} screenshot(s), {size / MB:.1f} MB; quota "
            f"{settings.SCREENSHOT_QUOTA_MB} MB each"
        )


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"
