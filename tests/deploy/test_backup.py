"""make backup / make restore for real: a database with rows and an uploaded file is backed up,
restored into a fresh database and media directory, and found the same, row for row and byte
for byte; a restore over existing data is refused unless forced."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from scripts.servers import ROOT, manage, production_environment

SEED = """
import io
from django.core.files.base import ContentFile
from PIL import Image
from portfolio.models import Screenshot
from tests.factories import UserFactory
learner = UserFactory(username="backed-up", display_name="Bea Backup")
png = io.BytesIO()
Image.new("RGB", (40, 30), "teal").save(png, "PNG")
Screenshot.objects.create(owner=learner, image=ContentFile(png.getvalue(), "a.png"))
"""


class PostgreSQL:
    def __init__(self, server_url: str, tmp_path: Path):
        self.server = server_url.rsplit("/", 1)[0]
        self.names = [f"roadmap_prod_backup_{os.getpid()}_{n}" for n in ("src", "one", "two")]

    def url(self, which: int) -> str:
        return f"{self.server}/{self.names[which]}"

    def fingerprints(self, which: int) -> dict[str, tuple[int, str]]:
        """Per table: its row count and an MD5 of its rows in a fixed order."""
        with psycopg.connect(self.url(which)) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            return {
                table: connection.execute(
                    sql.SQL(
                        "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text),"
                        " '')) FROM {} t"
                    ).format(sql.Identifier(table))
                ).fetchone()
                for table in tables
            }

    def create_source(self) -> None:
        self.drop()
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.names[0])))

    def drop(self) -> None:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            for name in self.names:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


class SQLite:
    def __init__(self, tmp_path: Path):
        self.paths = [tmp_path / f"{name}.sqlite3" for name in ("source", "one", "two")]

    def url(self, which: int) -> str:
        return f"sqlite:///{self.paths[which]}"

    def fingerprints(self, which: int) -> dict[str, tuple[int, str]]:
        with sqlite3.connect(self.paths[which]) as connection:
            tables = [
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            return {
                table: (
                    len(rows := sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"')))),
                    hashlib.md5("".join(rows).encode()).hexdigest(),
                )
                for table in tables
            }

    def create_source(self) -> None:
        pass

    def drop(self) -> None:
        pass


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def backed_up(request, tmp_path_factory):
    """A migrated source database with a learner and a screenshot, and its backup."""
    folder = tmp_path_factory.mktemp(f"backup-{request.param}")
    if request.param == "sqlite":
        databases = SQLite(folder)
    else:
        server_url = os.environ.get("DATABASE_URL", "")
        if not server_url.startswith("postgres"):
            pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://… (and pg_dump, pg_restore)")
        databases = PostgreSQL(server_url, folder)
    databases.create_source()
    environment = production_environment(databases.url(0), MEDIA_ROOT=str(folder / "media"))
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "shell", "-c", SEED)
    made = run_backup(
        "backup",
        "--to",
        str(folder / "backups"),
        database_url=databases.url(0),
        media_root=folder / "media",
    )
    assert made.returncode == 0, made.stderr
    databases.dump = Path(made.stdout.split()[0])
    databases.folder = folder
    yield databases
    databases.drop()


def run_backup(*arguments: str, database_url: str, media_root: Path):
    environment = production_environment(database_url, MEDIA_ROOT=str(media_root))
    return subprocess.run(
        [sys.executable, "-m", "scripts.backup", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def files_under(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*.*")}


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(backed_up):
    restored_media = backed_up.folder / "restored-media"

    restored = run_backup(
        "restore", str(backed_up.dump), database_url=backed_up.url(1), media_root=restored_media
    )

    assert restored.returncode == 0, restored.stderr
    before, after = backed_up.fingerprints(0), backed_up.fingerprints(1)
    assert after == before
    assert before["accounts_user"][0] == 1 and before["portfolio_screenshot"][0] == 1
    assert files_under(restored_media) == files_under(backed_up.folder / "media")
    assert len(files_under(restored_media)) == 1


def test_a_restore_over_data_is_refused_and_changes_nothing_unless_forced(backed_up):
    dump, target, media = backed_up.dump, backed_up.url(2), backed_up.folder / "second-media"
    run_backup("restore", str(dump), database_url=target, media_root=media)
    # The restored copy gets a learner the backup does not have.
    changed = production_environment(target, MEDIA_ROOT=str(media))
    manage(changed, "shell", "-c", SEED.replace('"backed-up"', '"later"'))
    with_later_learner = backed_up.fingerprints(2)

    media_in_the_way = run_backup("restore", str(dump), database_url=target, media_root=media)
    tables_in_the_way = run_backup(
        "restore", str(dump), database_url=target, media_root=backed_up.folder / "empty"
    )

    for refused, reason in [(media_in_the_way, "has files"), (tables_in_the_way, "replace")]:
        assert refused.returncode == 1
        assert "Refused, nothing changed" in refused.stderr and reason in refused.stderr
    assert backed_up.fingerprints(2) == with_later_learner
    forced = run_backup("restore", str(dump), "--force", database_url=target, media_root=media)
    assert forced.returncode == 0, forced.stderr
    assert backed_up.fingerprints(2) == backed_up.fingerprints(0)
