from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curriculum.catalog_format import CatalogFormatError
from curriculum.importer import import_tracks, parse_track_file, shipped_track_files
from curriculum.models import Track


class Command(BaseCommand):
    help = (
        "Import track files (Markdown, see docs/catalog-format.md) into the catalog. "
        "Without paths: every track shipped in curriculum/catalog/. Idempotent; never deletes."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Track files to import.")
        parser.add_argument(
            "--draft", action="store_true", help="Leave tracks this run creates unpublished."
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only import tracks the catalog doesn't have yet, leaving the others (and any "
            "edits mentors made to them in the admin) as they are.",
        )

    def handle(self, *args, paths, draft, missing, **options):
        paths = paths or shipped_track_files()
        try:
            tracks = [parse_track_file(path) for path in paths]
        except (CatalogFormatError, OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Nothing imported. {error}") from error
        if missing:
            present = set(Track.objects.values_list("slug", flat=True))
            for track in tracks:
                if track.slug in present:
                    self.stdout.write(f"{track.slug}: already in the catalog, left as it is")
            tracks = [track for track in tracks if track.slug not in present]
        for report in import_tracks(tracks, publish_new=not draft):
            self.stdout.write(str(report))
