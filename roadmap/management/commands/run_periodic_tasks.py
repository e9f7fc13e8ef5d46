"""Run every periodic job once: `python manage.py run_periodic_tasks`.

Meant for cron or a loop (the `scheduler` service of docker-compose.yml runs it every five
minutes). Every job is idempotent, so running it more often, or twice at once, sends nothing
twice. A failing job is reported and does not stop the others; the command then exits 1.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run every periodic job (settings.PERIODIC_JOBS) once."

    def handle(self, *args, **options):
        now = timezone.now()
        failed = []
        for path in settings.PERIODIC_JOBS:
            try:
                result = import_string(path)(now=now)
            except Exception:
                logger.exception("Periodic job %s failed", path)
                failed.append(path)
                continue
            if options["verbosity"] > 0:
                self.stdout.write(f"{path}: {result}")
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}")
