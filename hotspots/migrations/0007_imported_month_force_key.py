"""Key a force-month by the force, not its spelling.

A month imported twice under two spellings of one force ("Leicestershire Police" and
"LEICESTERSHIRE POLICE") was held twice and its incidents counted twice. Existing rows are
keyed; where two rows name one force-month, the latest import is kept (as a re-import would
have done) and the older one goes with its incidents. The constraint follows in 0008, its own
transaction: PostgreSQL will not alter a table with the deletes' trigger events pending.
"""

from django.db import migrations, models


def _key(force):
    # hotspots.models.force_key as of this migration.
    return " ".join(force.split()).casefold()


def key_force_months(apps, schema_editor):
    ImportedMonth = apps.get_model("hotspots", "ImportedMonth")
    kept = {}
    for batch in ImportedMonth.objects.order_by("-imported_at", "-pk"):
        key = (_key(batch.force), batch.month)
        if key in kept:
            batch.delete()
            continue
        kept[key] = batch.pk
        batch.force_key = key[0]
        batch.force = " ".join(batch.force.split())
        batch.save(update_fields=["force", "force_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0006_area_version_patrollog_version_submission"),
    ]

    operations = [
        migrations.AddField(
            model_name="importedmonth",
            name="force_key",
            field=models.CharField(default="", max_length=120),
            preserve_default=False,
        ),
        migrations.RemoveConstraint(model_name="importedmonth", name="imported_month_unique"),
        migrations.RunPython(key_force_months, migrations.RunPython.noop),
    ]
