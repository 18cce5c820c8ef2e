"""Database triggers that keep an approved claim as it was approved: no UPDATE of its frozen
columns (what it counted, at what rate, for how much) and no DELETE, on SQLite and PostgreSQL.

The service (claim_services._decide) already refuses; these hold against anything else that
writes to the table (a shell, a script, the admin). Like the audit table's append-only
triggers (audit.triggers), the migration `0015_organisation_target_claim_guard` installs them;
changing this SQL needs a new migration that removes the old triggers and installs the new ones.
"""

TABLE = "hotspots_claim"
MESSAGE = "an approved claim cannot change: a later change shows as a correction in the next statement"
# The columns an approval fixes: whose claim and for which quarter, its status, what it counted
# (minutes and the visits, each with its minutes), the rate, the amount and earlier corrections.
FROZEN = ("organisation_id", "quarter", "status", "rate", "minutes", "amount", "visits", "corrections")

_SQLITE_CHANGED = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in FROZEN)
SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS claim_approved_no_update BEFORE UPDATE ON {TABLE} "
    f"WHEN OLD.status = 'approved' AND ({_SQLITE_CHANGED}) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS claim_approved_no_delete BEFORE DELETE ON {TABLE} "
    f"WHEN OLD.status = 'approved' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS claim_approved_no_update;",
    "DROP TRIGGER IF EXISTS claim_approved_no_delete;",
]

_PG_CHANGED = " OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in FROZEN)
POSTGRESQL_INSTALL = [
    # integrity_constraint_violation: Django raises IntegrityError, as it does on SQLite.
    "CREATE OR REPLACE FUNCTION claim_approved_fixed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF OLD.status = 'approved' AND (TG_OP = 'DELETE' OR " + _PG_CHANGED + ") THEN "
    f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$;",
    f"DROP TRIGGER IF EXISTS claim_approved_fixed ON {TABLE};",
    f"CREATE TRIGGER claim_approved_fixed BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION claim_approved_fixed();",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS claim_approved_fixed ON {TABLE};",
    "DROP FUNCTION IF EXISTS claim_approved_fixed();",
]

_STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
}


def install(connection) -> None:
    """Create the triggers on this connection's database (idempotent)."""
    with connection.cursor() as cursor:
        for sql in _STATEMENTS[connection.vendor][0]:
            cursor.execute(sql)


def remove(connection) -> None:
    """Drop the triggers: only for a reversed migration or a test flush."""
    with connection.cursor() as cursor:
        for sql in _STATEMENTS[connection.vendor][1]:
            cursor.execute(sql)
