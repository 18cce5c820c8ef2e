"""Scan counts cells of a whole number of tiles (the default 150 m) from the tiles: an index
of a family's months with each point's tile and count."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0018_hotspot_decision"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="incidentpointcount",
            index=models.Index(
                fields=["crime_type", "month", "tile_x", "tile_y", "incidents"], name="point_count_month_tile"
            ),
        ),
    ]
