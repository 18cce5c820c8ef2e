"""Database triggers that refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit events.

The migration `0002_audit_integrity` installs them. Changing this SQL needs a new migration
that removes the old triggers and installs the new ones.
"""

TABLE = "audit_event"
MESSAGE = "audit events are append-only"

SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
]

POSTGRESQL_INSTALL = [
    # integrity_constraint_violation: Django raises IntegrityError, as it does on SQLite.
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END; $$;",
    f"DROP TRIGGER IF EXISTS audit_event_no_update_delete ON {TABLE};",
    f"CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};",
    f"CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_event_no_update_delete ON {TABLE};",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_event_append_only();",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    if vendor == "postgresql":
        return POSTGRESQL_INSTALL if install else POSTGRESQL_REMOVE
    raise NotImplementedError(f"No append-only triggers for the {vendor} database")


def install(connection) -> None:
    """Create the triggers on this connection's database (idempotent)."""
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=True):
            cursor.execute(sql)


def remove(connection) -> None:
    """Drop the triggers: only for a reversed migration or a test that tampers on purpose."""
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=False):
            cursor.execute(sql)


# The chain head follows the newest event, kept by the database in the INSERT's own statement:
# log_event does not send an UPDATE of its own (one round trip fewer for every write in the
# product), and nothing can append an event without moving the head. PostgreSQL runs it once
# per statement over the inserted rows, so a bulk insert moves the head once, not per row.
SQLITE_HEAD_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS audit_event_moves_head AFTER INSERT ON audit_event "
    "BEGIN UPDATE audit_chainhead SET last_sequence = NEW.sequence, last_hash = NEW.hash "
    "WHERE id = 1 AND NEW.sequence > last_sequence; END;",
]
SQLITE_HEAD_REMOVE = ["DROP TRIGGER IF EXISTS audit_event_moves_head;"]
POSTGRESQL_HEAD_INSTALL = [
    "CREATE OR REPLACE FUNCTION audit_event_moves_head() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE audit_chainhead AS head SET last_sequence = newest.sequence, last_hash = newest.hash "
    "FROM (SELECT sequence, hash FROM audit_new_events ORDER BY sequence DESC LIMIT 1) AS newest "
    "WHERE head.id = 1 AND newest.sequence > head.last_sequence; RETURN NULL; END; $$;",
    f"DROP TRIGGER IF EXISTS audit_event_moves_head ON {TABLE};",
    f"CREATE TRIGGER audit_event_moves_head AFTER INSERT ON {TABLE} "
    "REFERENCING NEW TABLE AS audit_new_events FOR EACH STATEMENT EXECUTE FUNCTION audit_event_moves_head();",
]
POSTGRESQL_HEAD_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_event_moves_head ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_event_moves_head();",
]
_HEAD = {
    "sqlite": (SQLITE_HEAD_INSTALL, SQLITE_HEAD_REMOVE),
    "postgresql": (POSTGRESQL_HEAD_INSTALL, POSTGRESQL_HEAD_REMOVE),
}


def install_head(connection) -> None:
    """Create the trigger that moves the chain head on every insert (idempotent)."""
    with connection.cursor() as cursor:
        for sql in _HEAD[connection.vendor][0]:
            cursor.execute(sql)


def remove_head(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _HEAD[connection.vendor][1]:
            cursor.execute(sql)
