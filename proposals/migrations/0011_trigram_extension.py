"""pg_trgm, for the similar requests shown while a member types a new one (PostgreSQL only:
Django's extension operations do nothing on SQLite)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("proposals", "0010_ipm_moves_to_its_app")]

    operations = [TrigramExtension()]
