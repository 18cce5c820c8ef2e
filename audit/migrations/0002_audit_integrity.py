"""The chain head row, so first writers never race to create it, and the append-only triggers."""

from django.db import migrations

from audit import triggers

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    Event = apps.get_model("audit", "Event")
    last = Event.objects.using(schema_editor.connection.alias).order_by("-sequence").first()
    ChainHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1,
        defaults={
            "last_sequence": last.sequence if last else 0,
            "last_hash": last.hash if last else GENESIS_HASH,
        },
    )


def install_triggers(apps, schema_editor):
    triggers.install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
