"""The IPM models now belong to the ipm app (proposals/ipm/migrations/0001).

State only: their tables stay, under their `proposals_*` names, owned by the new app.
Children before parents, so no remaining model of the state points at a deleted one.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0009_source_thread_in_threads_app"),
        ("ipm", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name=name)
                for name in (
                    "PilotFeedback",
                    "PilotVolunteer",
                    "PilotCall",
                    "Decision",
                    "PlenarySession",
                    "MeetingDocument",
                    "Meeting",
                    "WorkingGroupMember",
                    "WorkingGroup",
                    "Argument",
                    "Analysis",
                    "AgendaItem",
                    "CycleTransition",
                    "IpmParticipant",
                    "Cycle",
                )
            ],
        ),
    ]
