"""Restore a backup made by `backup` into an empty database and media directory."""

import json
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from club.management.commands.backup import (
    MANIFEST,
    MEDIA_ARCHIVE,
    libpq_environment,
    sha256,
)


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans la base configurée (qui doit être vide) et dans "
        "MEDIA_ROOT (qui doit être vide) ; vérifie d'abord les empreintes du manifeste."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="répertoire écrit par la commande backup")

    def handle(self, *args, source, **options):
        origin = Path(source)
        manifest = json.loads((origin / MANIFEST).read_text())
        for part in ("database", "media"):
            file = origin / manifest[part]["file"]
            if sha256(file) != manifest[part]["sha256"]:
                raise CommandError(
                    f"{file.name} ne correspond pas au manifeste : sauvegarde abîmée."
                )
        if manifest["vendor"] != connection.vendor:
            raise CommandError(
                f"Sauvegarde {manifest['vendor']}, base configurée {connection.vendor}."
            )
        if connection.introspection.table_names():
            raise CommandError(
                "La base de destination n'est pas vide : restaurez dans une base neuve."
            )
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists() and any(media_root.iterdir()):
            raise CommandError(f"{media_root} n'est pas vide : restaurez dans un répertoire neuf.")

        database_file = origin / manifest["database"]["file"]
        if connection.vendor == "postgresql":
            self._pg_restore(database_file)
        else:
            self._sqlite_restore(database_file)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(origin / MEDIA_ARCHIVE, "r:gz") as archive:
            archive.extractall(media_root, filter="data")
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde {origin} restaurée."))

    def _pg_restore(self, dump: Path) -> None:
        if not shutil.which("pg_restore"):
            raise CommandError("pg_restore est introuvable : installez postgresql-client.")
        connection.close()
        result = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
            env=libpq_environment(connection.settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore a échoué : {result.stderr.strip()}")

    def _sqlite_restore(self, copy: Path) -> None:
        connection.ensure_connection()
        source = sqlite3.connect(copy)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
