"""Proposals' notices and e-mail choices move to the club's one notification mechanism."""

from django.db import migrations


def copy_to_club_notifications(apps, schema_editor):
    Old = apps.get_model("proposals", "Notification")
    OldPreference = apps.get_model("proposals", "EmailPreference")
    New = apps.get_model("notifications", "Notification")
    Preference = apps.get_model("notifications", "NotificationPreference")
    # Already e-mailed or not, old notices are not mailed again: the new digests start afresh.
    New.objects.bulk_create(
        New(
            recipient_id=old.recipient_id,
            kind="request_status",
            subject=old.subject,
            body=old.body,
            url=old.url,
            created_at=old.created_at,
            read_at=old.read_at,
            email_mode="never",
        )
        for old in Old.objects.all().iterator()
    )
    Preference.objects.bulk_create(
        Preference(user_id=old.user_id, kind="request_status", mode=old.mode)
        for old in OldPreference.objects.all().iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0006_merge_0003_ipm_cycles_0005_email_preference"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_club_notifications, migrations.RunPython.noop),
        migrations.DeleteModel(name="EmailPreference"),
        migrations.DeleteModel(name="Notification"),
    ]
