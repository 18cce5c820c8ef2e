"""Proving the trail is untampered: walk the hash chain, and sign or check checkpoints.

The management commands `verify_audit` and `audit_checkpoint` are thin wrappers over these.
"""

import datetime
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections, router

from . import personal
from .canonical import GENESIS_HASH, HASHED_FIELDS, event_hash, format_time
from .models import ChainHead, Event, PersonalValue

CHUNK = 5000
MIN_KEY_LENGTH = 32


class ChainBroken(Exception):
    """The chain does not verify; the message names the first event that fails."""

    def __init__(self, message: str, *, sequence: int | None = None):
        super().__init__(message)
        self.sequence = sequence


class CheckpointError(Exception):
    """A checkpoint cannot be written or read (no key, bad signature, unreadable file)."""


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    time: str

    def payload(self) -> bytes:
        return json.dumps(
            {"sequence": self.sequence, "hash": self.hash, "time": self.time},
            sort_keys=True,
            separators=(",", ":"),
        ).encode()


@dataclass(frozen=True)
class Verified:
    count: int
    last_sequence: int
    last_hash: str
    checkpoint: Checkpoint | None = None


_COLUMNS = (*HASHED_FIELDS, "hash")
_OCCURRED_AT = _COLUMNS.index("occurred_at")
_CHANGES = _COLUMNS.index("changes")
_POLICE_ONLY = _COLUMNS.index("police_only")
_PLAN_ID = _COLUMNS.index("plan_id")


def _time_text(text: str) -> str:
    """Stored UTC text, "2026-04-01 10:00:00" or with ".ffffff", in `canonical.format_time`'s
    form without building a datetime (a fifth of the walk's time); anything else the long way."""
    if len(text) in (19, 26) and text[10] == " " and (len(text) == 19 or text[19] == "."):
        return f"{text[:10]}T{text[11:]}{'' if len(text) == 26 else '.000000'}+00:00"
    return format_time(datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC))


def _from_db(row: tuple) -> list:
    """A raw row in the form the hash reads (without Django's per-row converters)."""
    values = list(row)
    occurred_at = values[_OCCURRED_AT]
    if isinstance(occurred_at, str):  # naive UTC text (SQLite's own form; asked for on PostgreSQL)
        values[_OCCURRED_AT] = _time_text(occurred_at)
    changes = values[_CHANGES]
    if isinstance(changes, str | bytes | bytearray | memoryview):  # JSON text on both databases
        values[_CHANGES] = json.loads(bytes(changes) if isinstance(changes, memoryview) else changes)
    return values


def _rows(chunk: int = CHUNK, *, connection=None):
    """Every event's hashed values and own hash, in sequence order, `chunk` rows at a time.

    Keyset pagination on the unique sequence index: memory stays flat however long the
    chain. Plain cursor rows, no model per row: this is what makes 50,000+ events a second.
    `connection`: the database to read (a migration's own); else the one reads are routed to.
    """
    connection = connection or connections[router.db_for_read(Event)]
    quote = connection.ops.quote_name
    names = [quote(Event._meta.get_field(name).column) for name in _COLUMNS]
    if connection.vendor == "postgresql":
        # UTC text, as SQLite keeps it, which _time_text turns into the hashed form as text.
        names[_OCCURRED_AT] = f"to_char({names[_OCCURRED_AT]} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    elif connection.vendor == "sqlite":
        # The stored text itself: an expression has no declared type for a converter to parse.
        names[_OCCURRED_AT] = f"CAST({names[_OCCURRED_AT]} AS TEXT)"
    columns = ", ".join(names)
    select = f"SELECT {columns} FROM {quote(Event._meta.db_table)} "  # noqa: S608 (names from the model)
    seq = quote("sequence")
    # A bounded range reads through the sequence index even before the planner has statistics
    # (a freshly loaded table); after a gap longer than a chunk, an open range finds what follows.
    in_range = f"{select} WHERE {seq} > %s AND {seq} <= %s ORDER BY {seq}"
    after = f"{select} WHERE {seq} > %s ORDER BY {seq} LIMIT %s"
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(in_range, [last, last + chunk])
            batch = cursor.fetchall()
            if not batch:
                cursor.execute(after, [last, chunk])
                batch = cursor.fetchall()
                if not batch:
                    return
            for row in batch:
                yield _from_db(row)
            last = batch[-1][0]


def _describe(row) -> str:
    values = dict(zip(_COLUMNS, row, strict=True))
    who = values["actor_username"] or "system"
    when = datetime.datetime.fromisoformat(str(values["occurred_at"]))
    return f"event #{values['sequence']} ({values['action']} by {who} at {when:%Y-%m-%d %H:%M:%S} UTC)"


def verify_chain(*, checkpoint: Checkpoint | None = None, chunk: int = CHUNK) -> Verified:
    """Recompute every hash and check every link; raise ChainBroken at the first failure."""
    # The head is read first: events appended while the walk runs are checked too, and do not
    # make a live system look tampered with.
    head = ChainHead.objects.filter(pk=1).values_list("last_sequence", "last_hash").first()
    head_sequence, head_hash = head if head is not None else (0, GENESIS_HASH)
    expected_sequence = 1
    prev_hash = GENESIS_HASH
    count = 0
    checkpoint_seen = checkpoint is None or checkpoint.sequence == 0
    sealed: dict[int, tuple[int, str, int | None]] = {}  # value id -> (event naming it, digest, plan)
    erasures: dict[int, tuple[int | None, set]] = {}  # disposal event -> (its plan, value ids erased)
    if checkpoint is not None and checkpoint.sequence == 0 and checkpoint.hash != GENESIS_HASH:
        raise ChainBroken("The checkpoint at #0 does not hold the genesis hash.", sequence=0)
    for row in _rows(chunk):
        sequence, stored_prev, stored_hash = row[0], row[-2], row[-1]
        if sequence != expected_sequence:
            missing = (
                f"event #{expected_sequence}"
                if sequence == expected_sequence + 1
                else f"events #{expected_sequence} to #{sequence - 1}"
            )
            raise ChainBroken(
                f"The chain has a gap: {missing} missing before {_describe(row)}; events were deleted.",
                sequence=expected_sequence,
            )
        if stored_prev != prev_hash:
            raise ChainBroken(
                f"{_describe(row)} does not link to the event before it: "
                "an event before it was changed, removed or inserted.",
                sequence=sequence,
            )
        if event_hash(row[:-1]) != stored_hash:
            raise ChainBroken(
                f"{_describe(row)} does not match its hash: its content was changed.", sequence=sequence
            )
        if checkpoint is not None and sequence == checkpoint.sequence:
            if stored_hash != checkpoint.hash:
                raise ChainBroken(
                    f"{_describe(row)} no longer has the hash checkpointed at {checkpoint.time}: "
                    "the chain was rewritten after the checkpoint.",
                    sequence=sequence,
                )
            checkpoint_seen = True
        if sequence == head_sequence and stored_hash != head_hash:
            raise ChainBroken(
                f"{_describe(row)} does not have the hash the chain head records: "
                "the newest events were rewritten.",
                sequence=sequence,
            )
        if row[_POLICE_ONLY]:  # only police-only events carry sealed personal values
            changes = row[_CHANGES]
            for ref in personal.references(changes):
                sealed[ref["personal"]] = (sequence, ref["sha256"], row[_PLAN_ID])
            erased = personal.erased_ids(changes)
            if erased is not None:
                erasures[sequence] = (row[_PLAN_ID], set(erased))
        prev_hash = stored_hash
        expected_sequence += 1
        count += 1
    last_sequence = expected_sequence - 1
    if not checkpoint_seen:
        raise ChainBroken(
            f"The chain ends at #{last_sequence}, before event #{checkpoint.sequence} checkpointed at "
            f"{checkpoint.time}: events were removed from its end.",
            sequence=last_sequence + 1,
        )
    if last_sequence < head_sequence:
        raise ChainBroken(
            f"The chain ends at #{last_sequence} but its head records #{head_sequence}: "
            "the newest events were removed.",
            sequence=last_sequence + 1,
        )
    _verify_personal_values(sealed, erasures, walked=last_sequence)
    return Verified(count=count, last_sequence=last_sequence, last_hash=prev_hash, checkpoint=checkpoint)


def _late_erasures(sequences: set[int]) -> dict[int, tuple[int | None, set]]:
    """Disposal events appended after the walk read the chain (verify_audit runs on a live
    system). The next walk checks their hashes; here they only say what they erased."""
    found = {}
    events = Event.objects.filter(sequence__in=sequences, police_only=True).order_by()
    for sequence, plan_id, changes in events.values_list("sequence", "plan_id", "changes"):
        erased = personal.erased_ids(changes)
        if erased is not None:
            found[sequence] = (plan_id, set(erased))
    return found


def _verify_personal_values(
    sealed: dict[int, tuple[int, str, int | None]],
    erasures: dict[int, tuple[int | None, set]],
    *,
    walked: int,
) -> None:
    """Each value an event seals is still held and matches its digest, or was erased, and holds
    nothing any more, by a later disposal event of the same plan that names it. The values are
    kept outside the append-only table: their plan, which disposal erases by, is checked too."""
    ids = sorted(sealed)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = {
            row[0]: row[1:]
            for row in PersonalValue.objects.filter(pk__in=chunk)
            .order_by()
            .values_list("pk", "sequence", "plan_id", "value", "salt", "erased_sequence")
        }
        late = {row[-1] for row in rows.values() if row[-1] is not None and row[-1] > walked}
        late_erasures = _late_erasures(late) if late else {}
        for value_id in chunk:
            sequence, expected, plan_id = sealed[value_id]
            where = f"Personal value {value_id}, sealed in event #{sequence},"
            if value_id not in rows:
                raise ChainBroken(f"{where} is missing: it was deleted.", sequence=sequence)
            held_by, held_for, value, salt, erased_by = rows[value_id]
            if held_by != sequence:
                raise ChainBroken(f"{where} now names event #{held_by}: it was changed.", sequence=sequence)
            if held_for != plan_id:
                raise ChainBroken(
                    f"{where} now names plan {held_for}, not the event's plan {plan_id}: it was changed.",
                    sequence=sequence,
                )
            if erased_by is None:
                if value is None or personal.digest(salt, value) != expected:
                    raise ChainBroken(
                        f"{where} does not match its digest: it was changed.", sequence=sequence
                    )
                continue
            erased_for, named = erasures.get(erased_by) or late_erasures.get(erased_by) or (None, ())
            if value_id not in named or erased_by <= sequence:
                raise ChainBroken(
                    f"{where} was erased, but no disposal event #{erased_by} names it.", sequence=sequence
                )
            if erased_for != plan_id:
                raise ChainBroken(
                    f"{where} was erased by disposal event #{erased_by} of another plan ({erased_for}).",
                    sequence=sequence,
                )
            if value is not None or salt:
                raise ChainBroken(
                    f"{where} was erased by disposal event #{erased_by} but still holds its value.",
                    sequence=sequence,
                )


def checkpoint_key() -> bytes:
    key = getattr(settings, "AUDIT_CHECKPOINT_KEY", "") or ""
    if not key:
        raise CheckpointError(
            "AUDIT_CHECKPOINT_KEY is not set. Set it in the environment (never in the database) "
            f"to a random secret of at least {MIN_KEY_LENGTH} characters, for example the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe(48))"`.'
        )
    if len(key) < MIN_KEY_LENGTH:
        raise CheckpointError(f"AUDIT_CHECKPOINT_KEY is too short: use at least {MIN_KEY_LENGTH} characters.")
    return key.encode()


def sign(checkpoint: Checkpoint) -> str:
    return hmac.new(checkpoint_key(), checkpoint.payload(), hashlib.sha256).hexdigest()


def checkpoint_create() -> Checkpoint:
    """The current head of the chain (reads it; writes nothing to the database)."""
    checkpoint_key()  # refuse before reading anything when there is no key
    head = ChainHead.objects.filter(pk=1).values_list("last_sequence", "last_hash").first()
    sequence, last_hash = head if head is not None else (0, GENESIS_HASH)
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return Checkpoint(sequence=sequence, hash=last_hash, time=now)


def checkpoint_write(checkpoint: Checkpoint, path: Path) -> None:
    document = {
        "sequence": checkpoint.sequence,
        "hash": checkpoint.hash,
        "time": checkpoint.time,
        "algorithm": "HMAC-SHA256",
        "signature": sign(checkpoint),
    }
    # Written beside the target and moved over it in one step: a crash or a full disk part-way
    # leaves the previous checkpoint whole, never half of a new one.
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w") as handle:
            handle.write(json.dumps(document, indent=2) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def checkpoint_read(path: Path) -> Checkpoint:
    """A checkpoint whose signature verifies with this installation's key."""
    try:
        document = json.loads(Path(path).read_text())
        checkpoint = Checkpoint(
            sequence=int(document["sequence"]), hash=str(document["hash"]), time=str(document["time"])
        )
        signature = str(document["signature"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CheckpointError(f"Cannot read the checkpoint {path}: {exc}") from exc
    if not hmac.compare_digest(sign(checkpoint), signature):
        raise CheckpointError(
            f"The checkpoint {path} does not carry a valid signature: it was altered, "
            "or signed with another key."
        )
    return checkpoint
