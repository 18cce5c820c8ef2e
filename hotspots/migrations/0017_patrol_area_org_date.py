"""A rota slot's patrols by area, organisation and date (hotspots.compliance)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0016_incident_point_counts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="patrollog",
            index=models.Index(fields=["area", "organisation", "date"], name="patrol_area_org_date"),
        ),
    ]
