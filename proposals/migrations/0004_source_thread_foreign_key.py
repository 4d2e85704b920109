"""The source thread becomes a real foreign key; ids of threads that still exist are kept."""

import django.db.models.deletion
from django.db import migrations, models


def copy_ids(apps, schema_editor):
    Thread = apps.get_model("colleges", "Thread")
    existing = set(Thread.objects.values_list("pk", flat=True))
    for model_name in ("ChangeRequest", "Position"):
        model = apps.get_model("proposals", model_name)
        rows = model.objects.filter(legacy_source_thread_id__isnull=False)
        for pk, thread_id in rows.values_list("pk", "legacy_source_thread_id"):
            if thread_id in existing:
                model.objects.filter(pk=pk).update(source_thread_id=thread_id)


def copy_back(apps, schema_editor):
    for model_name in ("ChangeRequest", "Position"):
        model = apps.get_model("proposals", model_name)
        for pk, thread_id in model.objects.filter(source_thread__isnull=False).values_list(
            "pk", "source_thread_id"
        ):
            model.objects.filter(pk=pk).update(legacy_source_thread_id=thread_id)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_position_ballot"),
        ("colleges", "0002_threads"),
    ]

    operations = [
        migrations.RenameField("changerequest", "source_thread_id", "legacy_source_thread_id"),
        migrations.RenameField("position", "source_thread_id", "legacy_source_thread_id"),
        migrations.AddField(
            model_name="changerequest",
            name="source_thread",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="change_requests",
                to="colleges.thread",
                verbose_name="fil de discussion d'origine",
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="source_thread",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="positions",
                to="colleges.thread",
                verbose_name="fil de discussion",
            ),
        ),
        migrations.RunPython(copy_ids, copy_back),
        migrations.RemoveField("changerequest", "legacy_source_thread_id"),
        migrations.RemoveField("position", "legacy_source_thread_id"),
    ]
