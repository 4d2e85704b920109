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
from django.db import connection
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
        if vendor == "postgresql":
            database_file = target / POSTGRES_DUMP
            self._pg_dump(database_file)
        elif vendor == "sqlite":
            database_file = target / SQLITE_COPY
            self._sqlite_backup(database_file)
        else:
            raise CommandError(f"Base {vendor} non prise en charge.")
        media_file = target / MEDIA_ARCHIVE
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(media_file, "w:gz") as archive:
            if media_root.exists():
                archive.add(media_root, arcname=".")
        head = AuditEntry.objects.order_by("-sequence").values("sequence", "hash").first()
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

    def _pg_dump(self, output: Path) -> None:
        if not shutil.which("pg_dump"):
            raise CommandError("pg_dump est introuvable : installez postgresql-client.")
        database = connection.settings_dict
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={output}"],
            env=libpq_environment(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump a échoué : {result.stderr.strip()}")

    def _sqlite_backup(self, output: Path) -> None:
        connection.ensure_connection()
        # SQLite's online backup: a consistent copy even while the site writes (WAL mode).
        destination = sqlite3.connect(output)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
