from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curriculum.catalog_format import CatalogFormatError
from curriculum.importer import (
    ImportRefused,
    import_tracks,
    parse_track_file,
    plan_import,
    shipped_track_files,
)
from curriculum.models import Track


class Command(BaseCommand):
    help = (
        "Import track files (Markdown, see docs/catalog-format.md) into the catalog. "
        "Without paths: every track shipped in curriculum/catalog/. Idempotent; never deletes; "
        "refuses to archive what learners worked on unless --allow-archive."
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
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what the import would add, change, rename, move and archive (and the "
            "learners' work each archive touches), and change nothing.",
        )
        parser.add_argument(
            "--allow-archive",
            action="store_true",
            help="Archive items that learners have ticked, started or submitted when they left "
            "the file (they stay in the database, hidden, with the learners' work).",
        )

    def handle(self, *args, paths, draft, missing, dry_run, allow_archive, **options):
        paths = paths or shipped_track_files()
        try:
            tracks = [parse_track_file(path) for path in paths]
        except (CatalogFormatError, OSError) as error:
            raise CommandError(f"Nothing imported.\n{error}") from error
        if missing:
            present = set(Track.objects.values_list("slug", flat=True))
            for track in tracks:
                if track.slug in present:
                    self.stdout.write(f"{track.slug}: already in the catalog, left as it is")
            tracks = [track for track in tracks if track.slug not in present]
        try:
            if dry_run:
                run = plan_import(tracks, publish_new=not draft)
            else:
                run = import_tracks(tracks, publish_new=not draft, allow_archive=allow_archive)
        except ImportRefused as refused:
            self.stdout.write("\n".join(refused.run.lines()))
            raise CommandError(str(refused)) from refused
        self.stdout.write("\n".join(run.lines()))
        if dry_run:
            needs = " (needs --allow-archive)" if run.touched_archives else ""
            self.stdout.write(f"Dry run: nothing changed{needs}.")
