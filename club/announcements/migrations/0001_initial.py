# Announcements and newsletters move from the notifications app (club/core, the ground floor, which
# must know no college) to the roof. Their tables stay as they are: only Django's state moves.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    # Audit entries and permissions point at these content types: they follow the models.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("announcement", "newsletter"):
        if not ContentType.objects.filter(app_label="announcements", model=model).exists():
            ContentType.objects.filter(app_label="notifications", model=model).update(
                app_label="announcements"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="announcements", model__in=["announcement", "newsletter"]
    ).update(app_label="notifications")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("colleges", "0002_threads"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Announcement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=200, verbose_name="titre")),
                        ("body", models.TextField(max_length=10000, verbose_name="message")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="publiée le")),
                        ("recipient_count", models.PositiveIntegerField(default=0, verbose_name="destinataires")),
                        ("author", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("college", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="announcements", to="colleges.college", verbose_name="collège")),
                    ],
                    options={
                        "verbose_name": "annonce",
                        "verbose_name_plural": "annonces",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "notifications_announcement",
                    },
                ),
                migrations.CreateModel(
                    name="Newsletter",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=200, verbose_name="titre")),
                        ("introduction", models.TextField(blank=True, max_length=4000, verbose_name="introduction")),
                        ("body", models.TextField(verbose_name="contenu")),
                        ("since", models.DateTimeField(verbose_name="nouveautés depuis le")),
                        ("sent_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="envoyée le")),
                        ("recipient_count", models.PositiveIntegerField(default=0, verbose_name="destinataires")),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "lettre d'information",
                        "verbose_name_plural": "lettres d'information",
                        "ordering": ["-sent_at", "-pk"],
                        "db_table": "notifications_newsletter",
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
