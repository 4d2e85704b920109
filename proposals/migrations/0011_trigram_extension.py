"""pg_trgm, for the similar requests shown while a member types a new one. PostgreSQL only;
nothing happens on SQLite, either way (Django's TrigramExtension queries pg_extension when
migrated backwards, whatever the database)."""

from django.db import migrations


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0010_ipm_moves_to_its_app")]

    # Kept when migrating back: other databases' objects may use it.
    operations = [migrations.RunPython(create_extension, migrations.RunPython.noop)]
