"""Each entry keeps the name of its target's content type as it was hashed.

Until now the hash covered `app_label.model` read from the content type at verification time:
moving a model to another app (threads, IPM) renames its content type and would have broken
every entry about it. The name is now stored with the entry; existing entries get the name they
were hashed with, which is today's: the moves depend on this migration, so it runs before
they rename anything.
"""

from django.db import migrations, models


def fill_labels(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    entries = AuditEntry.objects.using(alias)
    used = entries.exclude(target_type=None).values_list("target_type", flat=True).distinct()
    for content_type in ContentType.objects.using(alias).filter(pk__in=list(used)):
        entries.filter(target_type=content_type).update(
            target_type_label=f"{content_type.app_label}.{content_type.model}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="target_type_label",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=200,
                verbose_name="type de l'objet à l'écriture",
            ),
        ),
        migrations.RunPython(fill_labels, migrations.RunPython.noop),
    ]
