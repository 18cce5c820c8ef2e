"""The one definition of what an event's hash covers, shared by writing and verifying.

`Event.compute_hash` and `integrity.verify_chain` both call `event_hash` with the values
of HASHED_FIELDS in that order, so the two can never drift apart.
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


def canonical_bytes(values: Sequence) -> bytes:
    return _ENCODER.encode(canonical_content(values)).encode()


def event_hash(values: Sequence) -> str:
    """SHA-256 of one event's canonical content (which includes the previous event's hash)."""
    return hashlib.sha256(canonical_bytes(values)).hexdigest()
