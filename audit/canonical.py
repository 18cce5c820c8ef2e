"""The one definition of what an event's hash covers, shared by writing and verifying.

An event's hash is SHA-256 of "previous hash:sequence:content digest", the content digest
being SHA-256 of the canonical JSON of every other hashed column. `Event.compute_hash` and
`integrity.verify_chain` both call `event_hash` with the values of HASHED_FIELDS in that
order; `log_event` has the database compute the same link (`chain_hash`) in its INSERT.
"""

import datetime
import functools
import hashlib
import ipaddress
import json
from collections.abc import Sequence

GENESIS_HASH = "0" * 64

# The columns the hash covers, in the order `event_hash` takes them.
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_organisation",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "plan_id",
    "changes",
    "police_only",
    "reason",
    "request_id",
    "ip_address",
    "prev_hash",
)


@functools.lru_cache(maxsize=4096)
def normalise_ip(value: str | None) -> str | None:
    """One spelling per address: PostgreSQL's inet and SQLite's text may spell IPv6 differently."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(str(value).split("%")[0])
    except ValueError:
        return str(value)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def format_time(value: datetime.datetime | str | None) -> str | None:
    """UTC to the microsecond: the precision both SQLite and PostgreSQL keep."""
    if value is None:
        return None
    if isinstance(value, str):  # already in this form: the verifier reads it so (integrity._time_text)
        return value
    if value.tzinfo is None:  # SQLite hands back naive UTC when read without Django's converter
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canonical_content(values: Sequence) -> dict:
    """The content the hash covers, as it reads after a round trip through either database."""
    content = dict(zip(HASHED_FIELDS, values, strict=True))
    content["occurred_at"] = format_time(content["occurred_at"])
    content["ip_address"] = normalise_ip(content["ip_address"])
    content["police_only"] = bool(content["police_only"])
    return content


# json.dumps(..., sort_keys=True, separators=(",", ":"), default=str), with the encoder built
# once rather than per event (it is stateless between calls).
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


# The link of the chain: the sequence and the previous hash are not in the content digest,
# so the database can append an event in one statement, computing the link from the head it
# locks (audit.services._append_sql). `chain_hash` and that SQL are the one definition.
_LINKS = {"sequence", "prev_hash"}
_SEQUENCE = HASHED_FIELDS.index("sequence")
_PREV_HASH = HASHED_FIELDS.index("prev_hash")


# The digest's keys in the order sort_keys puts them, each with its place in HASHED_FIELDS and
# its JSON key already written: canonical_bytes writes the outer object itself.
_CONTENT_ORDER = tuple(
    (f'"{name}":', HASHED_FIELDS.index(name)) for name in sorted(set(HASHED_FIELDS) - _LINKS)
)
_OCCURRED_AT = HASHED_FIELDS.index("occurred_at")
_IP_ADDRESS = HASHED_FIELDS.index("ip_address")
_POLICE_ONLY = HASHED_FIELDS.index("police_only")
_encode_string = json.encoder.encode_basestring_ascii  # what _ENCODER does with a str


def canonical_bytes(values: Sequence) -> bytes:
    """The event's content without its place in the chain, as the content digest reads it.

    Byte for byte `_ENCODER.encode(canonical_content(values))` without the two link keys
    (tests/audit/test_canonical_bytes.py holds it to that), written without building the
    dictionary: this runs for every event written and twice per event verified.
    """
    values = list(values)
    if len(values) != len(HASHED_FIELDS):
        raise ValueError(f"expected {len(HASHED_FIELDS)} values, got {len(values)}")
    values[_OCCURRED_AT] = format_time(values[_OCCURRED_AT])
    values[_IP_ADDRESS] = normalise_ip(values[_IP_ADDRESS])
    values[_POLICE_ONLY] = bool(values[_POLICE_ONLY])
    parts = []
    for key, index in _CONTENT_ORDER:
        value = values[index]
        kind = type(value)
        if kind is str:
            parts.append(key + _encode_string(value))
        elif value is None:
            parts.append(key + "null")
        elif kind is bool:
            parts.append(key + ("true" if value else "false"))
        elif kind is int:
            parts.append(key + int.__repr__(value))
        else:  # changes (sorted keys), and anything unusual
            parts.append(key + _ENCODER.encode(value))
    return ("{" + ",".join(parts) + "}").encode()


def content_digest(values: Sequence) -> str:
    """SHA-256 of an event's content (every hashed column but the sequence and previous hash)."""
    return hashlib.sha256(canonical_bytes(values)).hexdigest()


def chain_hash(prev_hash: str, sequence: int, digest: str) -> str:
    """The event's hash: its content digest linked to its place and the event before it."""
    return hashlib.sha256(f"{prev_hash}:{int(sequence)}:{digest}".encode()).hexdigest()


def event_hash(values: Sequence) -> str:
    """An event's hash from the values of HASHED_FIELDS (which include its link)."""
    return chain_hash(values[_PREV_HASH], values[_SEQUENCE], content_digest(values))
