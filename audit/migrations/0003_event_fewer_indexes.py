"""Three indexes fewer to write per event (actor FK, action, unique hash).

SQLite alters a column by rebuilding the table, which drops its triggers: they are put
back at the end, on every database (installing is idempotent).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from audit import triggers


def install_triggers(apps, schema_editor):
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_audit_integrity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(max_length=60),
        ),
        migrations.AlterField(
            model_name="event",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="hash",
            field=models.CharField(max_length=64),
        ),
        migrations.RunPython(install_triggers, migrations.RunPython.noop),
    ]
