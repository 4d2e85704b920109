"""The thread models now belong to the threads app (colleges/threads/migrations/0001).

State only: their tables stay, under their `colleges_*` names, owned by the new app.
Children before parents, so no remaining model of the state points at a deleted one.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("colleges", "0003_seat_limits_in_the_database"),
        ("threads", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name=name)
                for name in (
                    "ModerationAction",
                    "Attachment",
                    "Report",
                    "PostVersion",
                    "ThreadReadState",
                    "ThreadFollow",
                    "ThemeFollow",
                    "Post",
                    "Thread",
                    "Theme",
                )
            ],
        ),
    ]
