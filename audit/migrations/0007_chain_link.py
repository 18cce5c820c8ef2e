"""The event hash becomes SHA-256 of "previous hash:sequence:content digest".

The database can then link an event to the chain head in the INSERT itself (one statement per
event instead of two: audit.services._append). Events already written are hashed again under
the new definition, in order, with the append-only triggers lifted for the rewrite only; each is
checked under the definition it was written with first, and a chain that does not verify is
refused, not rewritten. Signed checkpoints taken before this migration no longer match: run
verify_audit with the latest one just before, and take a new one just after. Stop every process
that writes events while it runs: the old code would append events hashed the old way.
"""

import hashlib

from django.db import migrations

from audit import triggers


def _old_hash(values) -> str:
    """The hash as it was: SHA-256 of the canonical JSON of every hashed column."""
    from audit.canonical import _ENCODER, canonical_content

    return hashlib.sha256(_ENCODER.encode(canonical_content(values)).encode()).hexdigest()


def _write(cursor, updates: list) -> None:
    """Set (prev_hash, hash) of each sequence. PostgreSQL: one UPDATE for the batch, a statement
    a row being most of the time; SQLite (no round trips; UPDATE .. FROM only since 3.33) row by row."""
    if cursor.db.vendor != "postgresql":
        cursor.executemany("UPDATE audit_event SET prev_hash = %s, hash = %s WHERE sequence = %s", updates)
        return
    rows = ", ".join(["(%s, %s, %s)"] * len(updates))
    cursor.execute(
        f"UPDATE audit_event SET prev_hash = new.prev_hash, hash = new.hash FROM (VALUES {rows}) "  # noqa: S608 (placeholders only, values bound)
        "AS new (prev_hash, hash, sequence) WHERE audit_event.sequence = new.sequence",
        [value for update in updates for value in update],
    )


def _rehash(schema_editor, stored, compute) -> None:
    """Hash every event again with `compute`, in order, checking each first with `stored` (the
    definition it was written under), as verify_audit would: a chain that does not verify is
    refused, never rewritten into one that does (that would hide what was done to it)."""
    from audit.canonical import GENESIS_HASH, HASHED_FIELDS
    from audit.integrity import ChainBroken, _rows

    connection = schema_editor.connection
    prev_index = HASHED_FIELDS.index("prev_hash")
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        # Writers queue on the head until the rewrite commits; nothing is appended meanwhile.
        cursor.execute(f"SELECT last_sequence, last_hash FROM audit_chainhead WHERE id = 1{lock}")  # noqa: S608 (no values)
        head = tuple(cursor.fetchone() or (0, GENESIS_HASH))
    triggers.remove(connection)
    try:
        stored_prev, prev, sequence = GENESIS_HASH, GENESIS_HASH, 0
        updates = []
        with connection.cursor() as cursor:
            for row in _rows(connection=connection):
                values, stored_hash = list(row[:-1]), row[-1]
                if (
                    values[0] != sequence + 1
                    or values[prev_index] != stored_prev
                    or stored(values) != stored_hash
                ):
                    raise ChainBroken(
                        f"Event #{values[0]} does not verify (run verify_audit): the chain is not "
                        "hashed again, which would hide what was done to it.",
                        sequence=values[0],
                    )
                stored_prev = stored_hash
                values[prev_index] = prev
                sequence, prev = values[0], compute(values)
                updates.append((values[prev_index], prev, sequence))
                if len(updates) >= 1000:
                    _write(cursor, updates)
                    updates = []
            if updates:
                _write(cursor, updates)
            if (sequence, stored_prev) != head:
                raise ChainBroken(
                    f"The chain ends at #{sequence} but its head records #{head[0]} "
                    "(run verify_audit): the chain is not hashed again.",
                    sequence=sequence,
                )
            cursor.execute("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [prev])
    finally:
        triggers.install(connection)


def link_hashes(apps, schema_editor):
    from audit.canonical import event_hash

    _rehash(schema_editor, _old_hash, event_hash)


def whole_content_hashes(apps, schema_editor):
    from audit.canonical import event_hash

    _rehash(schema_editor, event_hash, _old_hash)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_personal_values"),
    ]

    operations = [
        migrations.RunPython(link_hashes, whole_content_hashes),
    ]
