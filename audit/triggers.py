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
