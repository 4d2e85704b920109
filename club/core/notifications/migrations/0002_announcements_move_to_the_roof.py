# Announcements and newsletters now belong to the roof (club/announcements, its 0001 takes them
# over): they leave this app's state only, their tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
        ("announcements", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Announcement"),
                migrations.DeleteModel(name="Newsletter"),
            ],
        ),
    ]
