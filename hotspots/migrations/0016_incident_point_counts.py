"""Scan's counts of incidents by crime type, month and snap point, and their first count."""

import django.db.models.deletion
from django.db import migrations, models

from hotspots.scan import point_counts


def count_imported_incidents(apps, schema_editor):
    point_counts.recount(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0015_organisation_target_claim_guard"),
    ]

    operations = [
        migrations.CreateModel(
            name="IncidentPointCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("crime_type", models.CharField(max_length=80)),
                ("easting", models.FloatField(null=True)),
                ("northing", models.FloatField(null=True)),
                ("tile_x", models.IntegerField(null=True)),
                ("tile_y", models.IntegerField(null=True)),
                ("incidents", models.PositiveIntegerField()),
                (
                    "batch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="point_counts",
                        to="hotspots.importedmonth",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["crime_type", "month", "easting", "northing", "incidents"],
                        name="point_count_scan",
                    ),
                    models.Index(
                        fields=[
                            "crime_type",
                            "tile_x",
                            "tile_y",
                            "month",
                            "easting",
                            "northing",
                            "incidents",
                        ],
                        name="point_count_tile",
                    ),
                ],
            },
        ),
        migrations.RunPython(count_imported_incidents, migrations.RunPython.noop),
    ]
