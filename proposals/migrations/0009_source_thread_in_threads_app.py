"""The requests' and positions' `source_thread` now point at the threads app's Thread.

Same table (`colleges_thread`), same column and constraint: only Django's state changes. On
SQLite a real AlterField would rebuild the whole requests table for nothing. It must run
between threads/0001 (the model appears there) and colleges/0004 (the old one goes).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0008_merge_20261125_2039"),
        ("threads", "0001_initial"),
    ]
    run_before = [("colleges", "0004_threads_move_to_their_app")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="changerequest",
                    name="source_thread",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="change_requests",
                        to="threads.thread",
                        verbose_name="fil de discussion d'origine",
                    ),
                ),
                migrations.AlterField(
                    model_name="position",
                    name="source_thread",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="positions",
                        to="threads.thread",
                        verbose_name="fil de discussion",
                    ),
                ),
            ],
        ),
    ]
