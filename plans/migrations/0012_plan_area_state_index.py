"""An index of plans by area and state: Scan names the open plans of the areas covering a place."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0015_organisation_target_claim_guard"),
        ("plans", "0011_closure_request"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="plan",
            index=models.Index(fields=["area", "state"], name="plan_area_state"),
        ),
    ]
