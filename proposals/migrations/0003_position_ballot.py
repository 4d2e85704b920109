import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_seed_portal_areas"),
        ("votes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="position",
            name="ballot",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="position",
                to="votes.ballot",
                verbose_name="scrutin",
            ),
        ),
    ]
