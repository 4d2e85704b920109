"""Choices sealed until the close, the board written at the close, receipt codes only hashed.

Existing data: a closed ballot's board keeps its lines, each code replaced by its keyed hash;
an open ballot's choices, stored in clear until now, are sealed and their clear rows deleted.
"""

import uuid

from django.db import migrations, models


def seal_and_hash(apps, schema_editor):
    from votes import receipts, sealing

    CastBallot = apps.get_model("votes", "CastBallot")
    SealedVote = apps.get_model("votes", "SealedVote")
    Tally = apps.get_model("votes", "Tally")
    closed = set(Tally.objects.values_list("ballot_id", flat=True))
    for cast in CastBallot.objects.all().iterator():
        tag = receipts.tag(cast.ballot_id, cast.receipt_tag)
        if cast.ballot_id in closed:
            cast.receipt_tag = tag
            cast.save(update_fields=["receipt_tag"])
        else:
            content = {"t": tag, "v": 0, "c": cast.choices}
            SealedVote.objects.create(
                ballot_id=cast.ballot_id, sealed=sealing.seal(cast.ballot_id, content), mixed=True
            )
            cast.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("votes", "0002_turnout_shards"),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="version",
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
        migrations.CreateModel(
            name="SealedVote",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("sealed", models.BinaryField()),
                ("mixed", models.BooleanField(default=False)),
                (
                    "ballot",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE, related_name="+", to="votes.ballot"
                    ),
                ),
            ],
            options={
                "verbose_name": "bulletin scellé",
                "verbose_name_plural": "bulletins scellés",
                "indexes": [
                    models.Index(fields=["ballot", "mixed"], name="votes_seale_ballot__6128af_idx")
                ],
            },
        ),
        migrations.RemoveConstraint(model_name="castballot", name="one_receipt_per_ballot"),
        migrations.RenameField(
            model_name="castballot", old_name="receipt_code", new_name="receipt_tag"
        ),
        migrations.AlterField(
            model_name="castballot",
            name="receipt_tag",
            field=models.CharField(max_length=64, verbose_name="empreinte du récépissé"),
        ),
        migrations.RunPython(seal_and_hash, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="castballot",
            options={
                "ordering": ["ballot", "receipt_tag"],
                "verbose_name": "bulletin",
                "verbose_name_plural": "bulletins",
            },
        ),
        migrations.AddConstraint(
            model_name="castballot",
            constraint=models.UniqueConstraint(
                fields=("ballot", "receipt_tag"), name="one_line_per_receipt"
            ),
        ),
    ]
