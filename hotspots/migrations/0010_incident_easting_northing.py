"""Each incident's snap point in British National Grid metres, for Scan's grid cells.

New imports project their incidents (hotspots.geometry.project_incidents); this projects the
incidents already imported, a batch at a time in id order, with the same transformation.
Its own copy of the transformation, not the app's: a migration runs the code of its day.
"""

import numpy as np
from django.db import migrations, models
from pyproj import Transformer

BATCH = 10_000


def project_existing(apps, schema_editor):
    Incident = apps.get_model("hotspots", "Incident")
    connection = schema_editor.connection
    table = connection.ops.quote_name(Incident._meta.db_table)
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    last = 0
    while True:
        rows = list(
            Incident.objects.using(connection.alias)
            .filter(pk__gt=last, longitude__isnull=False, latitude__isnull=False)
            .order_by("pk")
            .values_list("pk", "longitude", "latitude")[:BATCH]
        )
        if not rows:
            return
        ids, lons, lats = zip(*rows, strict=True)
        x, y = to_bng.transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET easting = %s, northing = %s WHERE id = %s",  # noqa: S608 - model metadata
                [(float(e), float(n), pk) for e, n, pk in zip(x, y, ids, strict=True)],
            )
        last = ids[-1]


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0009_violence_robbery_and_weapons"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="easting",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="incident",
            name="northing",
            field=models.FloatField(blank=True, null=True),
        ),
        # Before the index: the updates then need not maintain it row by row.
        migrations.RunPython(project_existing, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                fields=["crime_type", "month", "easting", "northing", "lsoa_code"], name="incident_scan"
            ),
        ),
    ]
