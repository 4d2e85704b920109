import django.db.models.deletion
from django.db import migrations, models


def counters_to_shards(apps, schema_editor):
    Ballot = apps.get_model("votes", "Ballot")
    TurnoutShard = apps.get_model("votes", "TurnoutShard")
    TurnoutShard.objects.bulk_create(
        TurnoutShard(ballot_id=pk, shard=0, participants=count)
        for pk, count in Ballot.objects.filter(participant_count__gt=0).values_list(
            "pk", "participant_count"
        )
    )


def shards_to_counters(apps, schema_editor):
    Ballot = apps.get_model("votes", "Ballot")
    TurnoutShard = apps.get_model("votes", "TurnoutShard")
    totals = (
        TurnoutShard.objects.values("ballot_id")
        .annotate(total=models.Sum("participants"))
        .values_list("ballot_id", "total")
    )
    for ballot_id, total in totals:
        Ballot.objects.filter(pk=ballot_id).update(participant_count=total)


class Migration(migrations.Migration):
    dependencies = [
        ("votes", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="TurnoutShard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("shard", models.PositiveSmallIntegerField()),
                ("participants", models.PositiveIntegerField(default=0)),
                (
                    "ballot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="turnout_shards",
                        to="votes.ballot",
                    ),
                ),
            ],
            options={
                "verbose_name": "part du compteur de participation",
                "verbose_name_plural": "parts du compteur de participation",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("ballot", "shard"), name="one_row_per_turnout_shard"
                    )
                ],
            },
        ),
        migrations.RunPython(counters_to_shards, shards_to_counters),
        migrations.RemoveField(model_name="ballot", name="participant_count"),
    ]
