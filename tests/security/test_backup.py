"""A backup restored into a new, empty database and media directory holds everything.

Runs on the configured database: SQLite in the first CI pass, PostgreSQL (pg_dump /
pg_restore) in the second. The restore runs as an operator would: `manage.py restore` in a
separate process pointed at the new database and media directory.
"""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from club.core.audit.models import AuditEntry
from tests.security.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def table_counts(cursor, tables) -> dict:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def files_under(root: Path) -> dict:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def manage(*args, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT")
    }
    env.update(
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="club.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def new_database(tmp_path):
    """A new empty database of the same kind as the test database, dropped afterwards."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    name = f"club_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    user = params.get("user") or "postgres"
    host = params.get("host") or "127.0.0.1"
    port = params.get("port") or 5432
    password = f":{params['password']}" if params.get("password") else ""
    url = f"postgres://{user}{password}@{host}:{port}/{name}"
    opened = []

    def connect():
        opened.append(psycopg.connect(**{**params, "dbname": name}))
        return opened[-1]

    yield url, connect
    for handle in opened:
        handle.close()
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_then_restore_into_an_empty_database_finds_everything(tmp_path, new_database):
    build_world()
    assert AuditEntry.objects.count() > 20
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = table_counts(cursor, tables)
    media = Path(settings.MEDIA_ROOT)
    originals = files_under(media)
    assert len(originals) >= 4, "attachment, screenshot, IPM document and Wagtail document"

    backup = tmp_path / "sauvegarde"
    call_command("backup", str(backup))
    assert {p.name for p in backup.iterdir()} >= {"manifest.json", "media.tar.gz"}

    url, connect = new_database
    restored_media = tmp_path / "media-restauree"
    result = manage("restore", str(backup), database_url=url, media_root=restored_media)
    assert result.returncode == 0, result.stdout + result.stderr

    restored = connect()
    try:
        after = table_counts(restored.cursor(), tables)
    finally:
        restored.close()
    assert after == before
    assert files_under(restored_media) == originals

    import json

    head = json.loads((backup / "manifest.json").read_text())["audit_head"]
    anchor = f"{head['sequence']}:{head['hash']}"
    check = manage(
        "verify_audit_log", "--head", anchor, database_url=url, media_root=restored_media
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"{before[AuditEntry._meta.db_table]} entrée(s) vérifiée(s)" in check.stdout


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, new_database):
    backup = tmp_path / "sauvegarde"
    call_command("backup", str(backup))
    url, _connect = new_database
    media_root = tmp_path / "media-1"
    assert manage("restore", str(backup), database_url=url, media_root=media_root).returncode == 0
    again = manage("restore", str(backup), database_url=url, media_root=tmp_path / "media-2")
    assert again.returncode != 0
    assert "n'est pas vide" in again.stderr


def test_restore_refuses_a_damaged_backup(tmp_path, new_database):
    backup = tmp_path / "sauvegarde"
    call_command("backup", str(backup))
    archive = backup / "media.tar.gz"
    archive.write_bytes(archive.read_bytes() + b"corruption")
    url, _connect = new_database
    result = manage("restore", str(backup), database_url=url, media_root=tmp_path / "m")
    assert result.returncode != 0
    assert "abîmée" in result.stderr


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump's snapshot")
def test_a_backup_taken_while_the_log_grows_verifies_after_restore(tmp_path, new_database):
    """The manifest's audit head is the dump's own, not a later one (issue 26.5)."""
    import json
    import threading
    import time

    from django.db import transaction

    from club.core.audit.services import record

    written, stop = [], threading.Event()

    def write():
        try:
            while not stop.is_set():
                with transaction.atomic():
                    written.append(record(actor=None, action="backup.drill").sequence)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 20:
            time.sleep(0.01)
        during = len(written)
        backup = tmp_path / "sauvegarde"
        call_command("backup", str(backup))
        assert len(written) > during + 5, "entries were written while the backup ran"
    finally:
        stop.set()
        writer.join()

    url, _connect = new_database
    result = manage("restore", str(backup), database_url=url, media_root=tmp_path / "media")
    assert result.returncode == 0, result.stdout + result.stderr
    head = json.loads((backup / "manifest.json").read_text())["audit_head"]
    check = manage(
        "verify_audit_log",
        "--head",
        f"{head['sequence']}:{head['hash']}",
        database_url=url,
        media_root=tmp_path / "media",
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"{head['sequence']} entrée(s) vérifiée(s)" in check.stdout
