"""The event hash becomes SHA-256 of "previous hash:sequence:content digest".

The database can then link an event to the chain head in the INSERT itself (one statement per
event instead of two: audit.services._append). Events already written are hashed again under
the new definition, in order, with the append-only triggers lifted for the rewrite only. Signed
checkpoints taken before this migration no longer match: take a new one after it.
"""

import hashlib

from django.db import migrations

from audit import triggers


def _old_hash(values) -> str:
    """The hash as it was: SHA-256 of the canonical JSON of every hashed column."""
    from audit.canonical import _ENCODER, canonical_content

    return hashlib.sha256(_ENCODER.encode(canonical_content(values)).encode()).hexdigest()


def _rehash(schema_editor, compute) -> None:
    from audit.canonical import GENESIS_HASH, HASHED_FIELDS
    from audit.integrity import _rows

    connection = schema_editor.connection
    prev_index = HASHED_FIELDS.index("prev_hash")
    triggers.remove(connection)
    try:
        prev, sequence = GENESIS_HASH, 0
        updates = []
        with connection.cursor() as cursor:
            for row in _rows():
                values = list(row[:-1])
                values[prev_index] = prev
                sequence, prev = values[0], compute(values)
                updates.append((values[prev_index], prev, sequence))
                if len(updates) >= 1000:
                    cursor.executemany(
                        "UPDATE audit_event SET prev_hash = %s, hash = %s WHERE sequence = %s", updates
                    )
                    updates = []
            if updates:
                cursor.executemany(
                    "UPDATE audit_event SET prev_hash = %s, hash = %s WHERE sequence = %s", updates
                )
            cursor.execute(
                "UPDATE audit_chainhead SET last_hash = %s WHERE id = 1 AND last_sequence = %s",
                [prev, sequence],
            )
    finally:
        triggers.install(connection)


def link_hashes(apps, schema_editor):
    from audit.canonical import event_hash

    _rehash(schema_editor, event_hash)


def whole_content_hashes(apps, schema_editor):
    _rehash(schema_editor, _old_hash)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_personal_values"),
    ]

    operations = [
        migrations.RunPython(link_hashes, whole_content_hashes),
    ]
