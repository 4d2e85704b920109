"""Back up the database and the uploaded files into one directory (docs/backup.md)."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from club.core.audit.models import AuditEntry

POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
MANIFEST = "manifest.json"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def libpq_environment(database: dict) -> dict:
    """Connection settings for pg_dump / pg_restore, the password never on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (PostgreSQL : pg_dump au format custom ; SQLite : copie cohérente) "
        "et les fichiers déposés (archive tar) dans un répertoire, avec un manifeste."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination", help="répertoire de la sauvegarde (créé, doit être vide)"
        )

    def handle(self, *args, destination, **options):
        target = Path(destination)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} n'est pas vide : choisissez un nouveau répertoire.")
        target.mkdir(parents=True, exist_ok=True)
        vendor = connection.vendor
        # The audit log's head is read from what the dump holds, never after it: entries
        # written meanwhile would make the manifest name a head the restored database lacks,
        # and `verify_audit_log --head` cry tampering over an honest backup.
        if vendor == "postgresql":
            database_file = target / POSTGRES_DUMP
            head = self._pg_dump(database_file)
        elif vendor == "sqlite":
            database_file = target / SQLITE_COPY
            head = self._sqlite_backup(database_file)
        else:
            raise CommandError(f"Base {vendor} non prise en charge.")
        media_file = target / MEDIA_ARCHIVE
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(media_file, "w:gz") as archive:
            if media_root.exists():
                archive.add(media_root, arcname=".")
        manifest = {
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            # The audit log's newest entry: `verify_audit_log --head` later proves none was cut.
            "audit_head": head,
            "database": {"file": database_file.name, "sha256": sha256(database_file)},
            "media": {"file": media_file.name, "sha256": sha256(media_file)},
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite dans {target}."))

    def _pg_dump(self, output: Path) -> dict | None:
        """pg_dump in a snapshot exported by a transaction that reads the audit head in it."""
        if not shutil.which("pg_dump"):
            raise CommandError("pg_dump est introuvable : installez postgresql-client.")
        database = connection.settings_dict
        with transaction.atomic():
            with connection.cursor() as cursor:
                # The first statement of the transaction: its snapshot is taken here, kept
                # for the whole transaction, and handed to pg_dump (--snapshot).
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            head = audit_head()
            result = subprocess.run(
                [
                    *("pg_dump", "--format=custom", "--no-owner", "--no-privileges"),
                    f"--snapshot={snapshot}",
                    f"--file={output}",
                ],
                env=libpq_environment(database),
                capture_output=True,
                text=True,
            )
        if result.returncode != 0:
            raise CommandError(f"pg_dump a échoué : {result.stderr.strip()}")
        return head

    def _sqlite_backup(self, output: Path) -> dict | None:
        connection.ensure_connection()
        # SQLite's online backup: a consistent copy even while the site writes (WAL mode).
        destination = sqlite3.connect(output)
        try:
            connection.connection.backup(destination)
            # The head as the copy holds it.
            row = destination.execute(
                f'SELECT sequence, hash FROM "{AuditEntry._meta.db_table}" '
                "ORDER BY sequence DESC LIMIT 1"
            ).fetchone()
        finally:
            destination.close()
        return {"sequence": row[0], "hash": row[1]} if row else None


def audit_head() -> dict | None:
    return AuditEntry.objects.order_by("-sequence").values("sequence", "hash").first()
