"""Back up and restore Roadmap: the database and the uploaded files, together.

    python -m scripts.backup backup [--to backups]        # make backup
    python -m scripts.backup restore BACKUP [--force]     # make restore BACKUP=…

The database is DATABASE_URL (PostgreSQL: pg_dump's custom format; SQLite: a copy made with
SQLite's online backup) and the files are MEDIA_ROOT, as the app's settings read them. A backup
is two files with one timestamp: `roadmap-<UTC time>.dump` (or `.sqlite3`) and
`roadmap-<UTC time>-media.tar`. The database is dumped first, so every file it names is in
the archive taken right after.

Restore goes into the database DATABASE_URL names (created when it does not exist) and into
MEDIA_ROOT. It refuses a database that has tables, or a media directory that has files, unless
--force: then the backup's tables replace the database's, and its files are written over
those of the same name.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap.settings")
from django.conf import settings

MEDIA_SUFFIX = "-media.tar"  # not compressed: PNG, JPEG and WebP already are


class Refused(Exception):
    """Restoring would overwrite something; nothing was changed."""


def database_settings() -> dict:
    return settings.DATABASES["default"]


def is_postgresql(database: dict) -> bool:
    return database["ENGINE"] in ("django.db.backends.postgresql", "roadmap.postgresql")


def postgresql_url(database: dict, name: str | None = None) -> str:
    """A libpq URL for pg_dump, pg_restore and psycopg (the settings' parts put back)."""
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    return f"postgresql://{user}@{host}/{name or database['NAME']}"


def backup(destination: Path) -> list[Path]:
    destination.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    database = database_settings()
    if is_postgresql(database):
        dump = destination / f"roadmap-{stamp}.dump"
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
        subprocess.run([*command, f"--file={dump}", postgresql_url(database)], check=True)
    else:
        dump = destination / f"roadmap-{stamp}.sqlite3"
        with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(dump) as copy:
            source.backup(copy)
    media = destination / f"roadmap-{stamp}{MEDIA_SUFFIX}"
    with tarfile.open(media, "w") as archive:
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    return [dump, media]


def restore(dump: Path, *, force: bool) -> None:
    media = dump.with_name(dump.name.rsplit(".", 1)[0] + MEDIA_SUFFIX)
    for part in (dump, media):
        if not part.is_file():
            raise Refused(f"{part} does not exist")
    media_root = Path(settings.MEDIA_ROOT)
    if not force and media_root.is_dir() and any(media_root.rglob("*")):
        raise Refused(f"{media_root} has files; --force writes the backup's over them")
    database = database_settings()
    if is_postgresql(database):
        restore_postgresql(dump, database, force=force)
    else:
        restore_sqlite(dump, Path(database["NAME"]), force=force)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media) as archive:
        archive.extractall(media_root, filter="data")


def restore_postgresql(dump: Path, database: dict, *, force: bool) -> None:
    with psycopg.connect(postgresql_url(database, "postgres"), autocommit=True) as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"])))
    url = postgresql_url(database)
    with psycopg.connect(url) as target:
        tables = target.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    if tables and not force:
        raise Refused(f"database {database['NAME']} has {tables} tables; --force replaces them")
    command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction"]
    command += ["--exit-on-error", *(["--clean", "--if-exists"] if force else [])]
    subprocess.run([*command, f"--dbname={url}", str(dump)], check=True)


def restore_sqlite(dump: Path, target: Path, *, force: bool) -> None:
    if target.exists() and target.stat().st_size and not force:
        raise Refused(f"{target} exists; --force replaces it")
    with sqlite3.connect(dump) as source, sqlite3.connect(target) as copy:
        source.backup(copy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="dump the database and archive the media")
    make.add_argument("--to", type=Path, default=Path("backups"), help="folder (backups/)")
    back = commands.add_parser("restore", help="restore a backup into DATABASE_URL")
    back.add_argument("dump", type=Path, help="the .dump or .sqlite3 file of a backup")
    back.add_argument("--force", action="store_true", help="overwrite what is there")
    arguments = parser.parse_args()

    started = time.monotonic()
    if arguments.command == "backup":
        for part in backup(arguments.to):
            print(f"{part}  {part.stat().st_size / 1e6:.1f} MB")
    else:
        if not shutil.which("pg_restore") and is_postgresql(database_settings()):
            return print("pg_restore is missing: apt-get install postgresql-client") or 1
        try:
            restore(arguments.dump, force=arguments.force)
        except Refused as refusal:
            print(f"Refused, nothing changed: {refusal}", file=sys.stderr)
            return 1
        print(f"Restored {arguments.dump} into {database_settings()['NAME']}")
    print(f"in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
