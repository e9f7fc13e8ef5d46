from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curriculum.importer import export_track
from curriculum.models import Track


class Command(BaseCommand):
    help = "Write a track in the track file format (Markdown), to stdout or --output."

    def add_arguments(self, parser):
        parser.add_argument("track", help="The track's slug.")
        parser.add_argument("--output", "-o", type=Path, help="File to write instead of stdout.")

    def handle(self, *args, track, output, **options):
        try:
            track = Track.objects.get(slug=track)
        except Track.DoesNotExist:
            slugs = ", ".join(Track.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No track {track!r}. Tracks: {slugs}.") from None
        text = export_track(track)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
