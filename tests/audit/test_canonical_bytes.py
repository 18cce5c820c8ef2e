"""canonical_bytes writes the digest's JSON itself; it must equal the encoder's, byte for byte.

Every stored hash depends on this form, so the reference here is the definition the chain was
built with: the canonical content without the link keys, through json with sorted keys.
"""

import datetime
import enum
import itertools
import json
import random
import zlib

import pytest

from audit.canonical import HASHED_FIELDS, canonical_bytes, canonical_content


def reference(values) -> bytes:
    content = canonical_content(values)
    del content["sequence"], content["prev_hash"]
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=str).encode()


class Colour(enum.StrEnum):
    RED = "red"


class Size(enum.IntEnum):
    BIG = 7


AWKWARD_TEXT = [
    "",
    "plain",
    'quote " and \\ backslash',
    "Ré-view\x7f",
    "tab\tnew\nline\x00",
    "🚓 emoji",
    "\u2028",
]
AWKWARD_CHANGES = [
    {},
    {"state": ["scan", "analyse"]},
    {"b": 1, "a": [1.5, None, True, False], "ä": {"z": 1e16, "y": -0.0}},
    {"personal": 5, "sha256": "f" * 64},
    {"nested": {"list": [{"k": "v"}, [], {}]}, "10": "ten", "9": "nine"},
    [1, 2, 3],
    "a string",
]
TIMES = [
    datetime.datetime(2026, 11, 25, 18, 0, 0, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
    datetime.datetime(2026, 1, 1),  # naive: SQLite's UTC
    "2026-04-01T10:00:00.000000+00:00",
    None,
]


def event_values(rng: random.Random) -> tuple:
    choice = rng.choice
    content = {
        "sequence": rng.randrange(1, 2**63 - 1),
        "occurred_at": choice(TIMES),
        "actor_id": choice([None, 1, 2**31, Size.BIG]),
        "actor_username": choice(AWKWARD_TEXT),
        "actor_organisation": choice(AWKWARD_TEXT + [Colour.RED]),
        "action": choice(["plan.view", "plan.transition", "plan.update.refused"]),
        "target_type": choice(["", "plans.plan", "plans.task"]),
        "target_id": choice(["", "5", "123456789"]),
        "target_label": choice(AWKWARD_TEXT),
        "plan_id": choice([None, 0, 5, 2**40]),
        "changes": choice(AWKWARD_CHANGES),
        "police_only": choice([True, False, 0, 1]),
        "reason": choice(AWKWARD_TEXT),
        "request_id": choice(["", "abc123"]),
        "ip_address": choice(
            [None, "", "127.0.0.1", "::ffff:10.0.0.1", "2001:db8::1", "fe80::1%eth0", "not an ip"]
        ),
        "prev_hash": "a" * 64,
    }
    return tuple(content[name] for name in HASHED_FIELDS)


def test_canonical_bytes_equals_the_encoder_for_awkward_events():
    rng = random.Random(20261125)
    for _ in range(3000):
        values = event_values(rng)
        assert canonical_bytes(values) == reference(values), values


@pytest.mark.parametrize("changes", AWKWARD_CHANGES)
@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_every_text_and_changes_pair(text, changes):
    rng = random.Random(zlib.crc32((text + json.dumps(changes)).encode()))
    values = list(event_values(rng))
    for name in ("actor_username", "target_label", "reason"):
        values[HASHED_FIELDS.index(name)] = text
    values[HASHED_FIELDS.index("changes")] = changes
    assert canonical_bytes(values) == reference(values)


def test_the_link_is_not_in_the_content():
    rng = random.Random(1)
    values = list(event_values(rng))
    first = canonical_bytes(values)
    for sequence, prev in itertools.product([1, 99], ["0" * 64, "f" * 64]):
        values[HASHED_FIELDS.index("sequence")] = sequence
        values[HASHED_FIELDS.index("prev_hash")] = prev
        assert canonical_bytes(values) == first


def test_a_short_row_is_refused():
    with pytest.raises(ValueError):
        canonical_bytes(("too", "short"))
