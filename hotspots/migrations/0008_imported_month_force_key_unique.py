from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0007_imported_month_force_key"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="importedmonth",
            constraint=models.UniqueConstraint(
                fields=("force_key", "month"), name="imported_month_force_key_unique"
            ),
        ),
    ]
