"""Writing audit events. Every service that changes something calls `log_event` inside its transaction."""

import functools
import ipaddress
import math
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

from . import context
from .canonical import content_digest, normalise_ip
from .models import ChainHead, Event
from .personal import seal

HEAD_PK = 1


def _json_safe(value):
    """A value that reads back identically from SQLite's JSON text and PostgreSQL's jsonb."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_json_safe(v) for v in value), key=str)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # jsonb keeps numbers as numeric: 1e16 comes back as the integer 10000000000000000,
        # and NaN or infinity cannot be stored at all.
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() else value
    return str(value)


def _clean_ip(value: str | None) -> str | None:
    """The request's address in its one spelling, or none when it is not an address at all."""
    try:
        ipaddress.ip_address(str(value).split("%")[0])
    except ValueError:
        return None
    return normalise_ip(value)


def _locked_head(connection) -> tuple[int, str]:
    """The chain head (sequence, hash), locked until the caller's transaction ends: writers queue here.

    The audit migration creates the row; a flushed test database may not have it, so it is
    created with INSERT .. ON CONFLICT DO NOTHING, which two first writers cannot both win.
    Plain SQL: this runs once for every write in the product, and the ORM's query building
    cost more than the statement itself.
    """
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT last_sequence, last_hash FROM {ChainHead._meta.db_table} WHERE id = %s{lock}"  # noqa: S608 (names from the model, values bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, [HEAD_PK])
        row = cursor.fetchone()
        if row is None:
            ChainHead.objects.bulk_create([ChainHead(pk=HEAD_PK)], ignore_conflicts=True)
            cursor.execute(sql, [HEAD_PK])
            row = cursor.fetchone()
    return row[0], row[1]


# Every column of the event but its id, in one order, for the INSERT below.
_INSERT_FIELDS = [field for field in Event._meta.concrete_fields if not field.primary_key]
# The same without the link (sequence, previous hash, hash), which _append's SQL computes.
_LINK_COLUMNS = ("sequence", "prev_hash", "hash")
_CONTENT_FIELDS = [field for field in _INSERT_FIELDS if field.name not in _LINK_COLUMNS]
# The link as each database computes it: audit.canonical.chain_hash, the one definition
# (SQLite gets it as a function on every connection: audit.apps).
_LINK_SQL = {
    "postgresql": (
        "encode(sha256(convert_to(head.last_hash || ':' || (head.last_sequence + 1)::text || ':' || %s, "
        "'UTF8')), 'hex')"
    ),
    "sqlite": "audit_chain_hash(head.last_hash, head.last_sequence + 1, %s)",
}
_append_sql: dict[str, str] = {}


def _append_statement(connection) -> str:
    """Lock the chain head, link the event to it and insert it: one statement, one round trip."""
    if connection.vendor not in _append_sql:
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        columns = ", ".join(quote(field.column) for field in _CONTENT_FIELDS)
        placeholders = ", ".join(["%s"] * len(_CONTENT_FIELDS))
        link_columns = ", ".join(quote(name) for name in _LINK_COLUMNS)
        _append_sql[connection.vendor] = (
            f"WITH head AS (SELECT last_sequence, last_hash FROM {ChainHead._meta.db_table} WHERE id = %s{lock}) "  # noqa: S608 (names from the model, values bound)
            f"INSERT INTO {Event._meta.db_table} ({link_columns}, {columns}) "
            f"SELECT head.last_sequence + 1, head.last_hash, {_LINK_SQL[connection.vendor]}, {placeholders} "
            f"FROM head RETURNING id, {link_columns}"
        )
    return _append_sql[connection.vendor]


def _prepares(connection) -> bool:
    """Whether the append may be a prepared statement on this connection (PostgreSQL only).

    Django turns psycopg's prepared statements off so that transaction-mode poolers keep
    working; AUDIT_PREPARED_APPEND=0 keeps them off for such a pooler. A connection whose
    OPTIONS choose server-side binding or a prepare threshold is left as configured.
    """
    if connection.vendor != "postgresql" or not settings.AUDIT_PREPARED_APPEND:
        return False
    options = connection.settings_dict.get("OPTIONS") or {}
    return "prepare_threshold" not in options and not options.get("server_side_binding")


def _append_cursor(connection):
    """The cursor the append runs on, wrapped like Django's own (errors, query logging), and
    the append's statement in the placeholders that cursor takes.

    On PostgreSQL it binds on the server, and the connection prepares such statements from
    their second run: the append is parsed and planned once per connection, not per event
    (about half its time in the database). Django's own cursors bind on the client and are
    never prepared, so nothing else changes. On SQLite, unless queries are being logged (the
    log formats the %s form), it is the driver's own cursor with the statement rewritten to ?
    once: Django's SQLite cursor rewrites it with a regular expression on every execute.
    """
    sql = _append_statement(connection)
    if connection.vendor == "sqlite" and not connection.queries_logged:
        return CursorWrapper(_driver_connection(connection).cursor(), connection), _sqlite_statement(sql)
    if not _prepares(connection):
        return connection.cursor(), sql
    import psycopg

    raw = _driver_connection(connection)
    if raw.prepare_threshold is None:
        raw.prepare_threshold = 1
    cursor = psycopg.Cursor(raw)
    wrapper = _PreparedDebugCursor if connection.queries_logged else CursorWrapper
    return wrapper(cursor, connection), sql


class _PreparedDebugCursor(CursorDebugWrapper):
    """Django's query log for the append: a prepared run keeps no text for last_executed_query,
    so the log holds the statement as written, with its placeholders."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


def _append(connection, event: Event) -> None:
    """Insert the event at the head of the chain, the database linking it (sets id, sequence,
    prev_hash and hash). The content digest is computed here, from the values as stored."""
    params = [HEAD_PK, content_digest(event.hashed_values()), *_prepared_values(event, connection)]
    cursor, sql = _append_cursor(connection)
    with cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:  # no head row (a flushed test database): create it, as _locked_head does
            ChainHead.objects.bulk_create([ChainHead(pk=HEAD_PK)], ignore_conflicts=True)
            cursor.execute(sql, params)
            row = cursor.fetchone()
    event.pk, event.sequence, event.prev_hash, event.hash = row
    event._state.adding = False
    event._state.db = connection.alias


# Values the ORM's preparation passes through unchanged are taken as they are: str for text,
# bool for booleans, and on SQLite int or None for numbers and keys (PostgreSQL's are wrapped
# in a sized type). Anything else (the time, the changes, an address) goes through the
# field's own get_db_prep_save. tests/audit/test_append_values.py holds the result equal to
# the ORM's for every field, on both databases.
@functools.cache
def _content_prep(vendor: str) -> list:
    prep = []
    for field in _CONTENT_FIELDS:
        if isinstance(field, models.CharField | models.TextField):
            as_is = (str,)
        elif isinstance(field, models.BooleanField):
            as_is = (bool,)
        elif isinstance(field, models.BigIntegerField | models.ForeignKey):
            as_is = (int, type(None)) if vendor == "sqlite" else (type(None),)
        else:
            as_is = ()
        prep.append((field, field.attname, as_is))
    return prep


def _prepared_values(event: Event, connection) -> list:
    """The event's content columns as the ORM would send them to this database."""
    values = []
    for field, attname, as_is in _content_prep(connection.vendor):
        value = getattr(event, attname)
        values.append(value if type(value) in as_is else field.get_db_prep_save(value, connection))
    return values


@functools.cache
def _sqlite_statement(sql: str) -> str:
    """The append in sqlite3's own placeholders (it has no literal %)."""
    return sql.replace("%s", "?")


def _driver_connection(connection):
    """The driver's connection under Django's, opened and checked as Django's cursor() does."""
    connection.ensure_connection()
    connection.validate_thread_sharing()
    return connection.connection


def _insert(connection, event: Event) -> None:
    """One INSERT of the event's prepared values (what the ORM would send), setting its id."""
    columns = ", ".join(connection.ops.quote_name(field.column) for field in _INSERT_FIELDS)
    placeholders = ", ".join(["%s"] * len(_INSERT_FIELDS))
    params = [field.get_db_prep_save(getattr(event, field.attname), connection) for field in _INSERT_FIELDS]
    sql = f"INSERT INTO {Event._meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names from the model, values bound)
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{sql} RETURNING id", params)
            event.pk = cursor.fetchone()[0]
        else:
            cursor.execute(sql, params)
            event.pk = cursor.lastrowid
    event._state.adding = False
    event._state.db = connection.alias


def _new_event(
    *,
    sequence: int | None,
    prev_hash: str | None,
    ctx,
    action: str,
    actor=None,
    target=None,
    plan=None,
    changes=None,
    police_only: bool = False,
    reason: str = "",
    target_label: str = "",
) -> Event:
    """The event after (sequence - 1, prev_hash), hashed; `changes` already JSON-safe (and sealed)."""
    from partners.roles import organisation_of

    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    organisation = organisation_of(actor_obj) if actor_obj else None
    event = Event(
        sequence=sequence,
        actor=actor_obj,
        actor_username=actor_obj.get_username() if actor_obj else "",
        actor_organisation=organisation.name if organisation else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:200],
        plan_id=plan.pk if plan is not None else None,
        changes=changes,
        police_only=police_only,
        reason=reason,
        request_id=ctx.request_id,
        ip_address=_clean_ip(ctx.ip_address) if ctx.ip_address else None,
        prev_hash=prev_hash,
    )
    # Every hashed value is already in the form it reads back in (microsecond UTC time,
    # JSON-safe changes, one spelling of the address), so the hash covers what is stored.
    if sequence is not None:  # else the database links it (_append)
        event.hash = event.compute_hash()
    return event


def log_event(
    *,
    action: str,
    actor=None,
    target=None,
    plan=None,
    changes: dict | None = None,
    reason: str = "",
    police_only: bool = False,
    target_label: str = "",
    personal: Iterable[str] = (),
) -> Event:
    """Append one event to the hash chain, in the caller's transaction.

    `personal` names the changes whose values are police-only personal data (victims,
    offenders, intelligence): the event holds sealed references to them (audit.personal),
    so disposal at retention review can erase them without breaking the chain.
    """
    ctx = context.current()
    # No savepoint: if the event cannot be written, the caller's change must not stand either.
    connection = connections[router.db_for_write(Event)]
    content = {
        "ctx": ctx,
        "action": action,
        "actor": actor,
        "target": target,
        "plan": plan,
        "police_only": police_only,
        "reason": reason,
        "target_label": target_label,
    }
    with transaction.atomic(savepoint=False):
        changes = _json_safe(changes or {})
        # Either way the insert moves the chain head too: a trigger does it (audit/triggers.py).
        if personal or not connection.features.can_return_columns_from_insert:
            # Sealed values name their event's sequence: lock and read the head first.
            head_sequence, head_hash = _locked_head(connection)
            if personal:
                plan_id = plan.pk if plan is not None else None
                changes = seal(changes, personal, sequence=head_sequence + 1, plan_id=plan_id)
            event = _new_event(sequence=head_sequence + 1, prev_hash=head_hash, changes=changes, **content)
            _insert(connection, event)
        else:
            event = _new_event(sequence=None, prev_hash=None, changes=changes, **content)
            _append(connection, event)
    return event


# What each entry of log_events may say: log_event's arguments but `personal`, which is sealed
# against its one event's sequence (use log_event for an event that names personal data).
_ENTRY_KEYS = frozenset(
    {"action", "actor", "target", "plan", "changes", "reason", "police_only", "target_label"}
)


def log_events(entries: Iterable[dict]) -> list[Event]:
    """Append several events to the hash chain at once, in the caller's transaction, in order.

    Each entry holds log_event's keyword arguments (but `personal`). Two statements however
    many events: the chain head read and locked once, one INSERT of every row (the head trigger
    moves the head to the newest). For a page that records one consultation per plan it shows.
    """
    entries = list(entries)
    for entry in entries:
        unknown = set(entry) - _ENTRY_KEYS
        if unknown or "action" not in entry:
            raise TypeError(
                f"log_events entries take log_event's arguments but personal, not {sorted(unknown)}"
            )
    if not entries:
        return []
    ctx = context.current()
    connection = connections[router.db_for_write(Event)]
    with transaction.atomic(savepoint=False):
        sequence, prev_hash = _locked_head(connection)
        events = []
        for entry in entries:
            sequence += 1
            event = _new_event(
                sequence=sequence,
                prev_hash=prev_hash,
                ctx=ctx,
                **{**entry, "changes": _json_safe(entry.get("changes") or {})},
            )
            prev_hash = event.hash
            events.append(event)
        Event.objects.using(connection.alias).bulk_create(events)
    return events


def diff(instance, old: dict, fields) -> dict:
    """Field -> [old, new] for the fields whose value changed."""
    changes = {}
    for name in fields:
        new = getattr(instance, name)
        if old.get(name) != new:
            changes[name] = [old.get(name), new]
    return changes


def log_checkpoint(checkpoint) -> Event:
    """Record that a signed checkpoint of the head was written (`audit_checkpoint`): which event
    it holds and its hash, never the key or the signature. Run from the command line: no actor."""
    return log_event(
        action="audit.checkpoint",
        target_label=f"Checkpoint of event #{checkpoint.sequence}",
        changes={
            "checkpoint_sequence": [None, checkpoint.sequence],
            "checkpoint_hash": [None, checkpoint.hash],
        },
    )


def log_refused(*, action: str, actor, target=None, plan=None, reason: str = "") -> Event:
    """Record an attempt that was refused for want of permission (`<action>.refused`).

    Call it outside the refused action's transaction (which rolls back), so the refusal stays.
    """
    return log_event(
        action=f"{action}.refused",
        actor=actor,
        target=target,
        plan=plan,
        reason=reason or "Permission refused",
    )
