"""Each organisation's share of the funded hours, and the triggers that fix an approved claim."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from hotspots import claim_triggers


def install_claim_triggers(apps, schema_editor):
    claim_triggers.install(schema_editor.connection)


def remove_claim_triggers(apps, schema_editor):
    claim_triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0014_area_displacement_control_geometry"),
        ("partners", "0002_apiclient"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganisationTarget",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("hours", models.PositiveIntegerField()),
                ("set_at", models.DateTimeField(auto_now=True)),
                (
                    "organisation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="funded_target",
                        to="partners.organisation",
                    ),
                ),
                (
                    "set_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["organisation__name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("hours__gt", 0)), name="organisation_target_hours_positive"
                    )
                ],
            },
        ),
        migrations.RunPython(install_claim_triggers, remove_claim_triggers),
    ]
