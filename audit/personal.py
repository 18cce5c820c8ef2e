"""Police-only personal values in the audit trail: sealed by reference, readable, erasable.

An event never holds a victim's or offender's details itself. `seal` stores each value in
`PersonalValue` and puts `{"personal": id, "sha256": digest}` in the event's changes; the
digest covers a random salt and the value. `reveal` puts the values back for a police reader.
`erase_for_plan` clears them at disposal, which PRODUCT.md's audit rules allow only by
reference: the disposal event names the erased value ids, never the values.
"""

import hashlib
import secrets
from collections.abc import Iterable

from .models import PersonalValue

ERASED = "(erased when the plan's personal data was disposed of)"
MISSING = "(personal value missing)"
# The change under which a disposal event lists the value ids it erased, as [None, ids]
# (a list of changes reads as [old, new], like every other change).
ERASED_KEY = "audit_values_erased"


def digest(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}\x00{value}".encode()).hexdigest()


def is_reference(value) -> bool:
    return isinstance(value, dict) and set(value) == {"personal", "sha256"}


def references(changes) -> list[dict]:
    """Every sealed reference in an event's changes ([old, new] pairs or lone values)."""
    found = []
    if isinstance(changes, dict):
        for value in changes.values():
            for item in value if isinstance(value, list) else [value]:
                if is_reference(item):
                    found.append(item)
    return found


def seal(changes: dict, names: Iterable[str], *, sequence: int, plan_id: int | None) -> dict:
    """`changes` with every non-empty value of the named fields replaced by a sealed reference."""
    names = [name for name in names if name in changes]
    if not names:
        return changes
    sealed = dict(changes)
    rows, slots = [], []
    for name in names:
        pair = list(changes[name]) if isinstance(changes[name], list | tuple) else [changes[name]]
        for index, value in enumerate(pair):
            if value in (None, ""):
                continue
            salt = secrets.token_hex(16)
            rows.append(PersonalValue(sequence=sequence, plan_id=plan_id, value=str(value), salt=salt))
            slots.append((name, index, digest(salt, str(value))))
        sealed[name] = pair
    created = PersonalValue.objects.bulk_create(rows)
    if rows and not all(row.pk for row in created):  # a backend without RETURNING
        created = list(PersonalValue.objects.filter(sequence=sequence).order_by("pk"))
    for row, (name, index, hexdigest) in zip(created, slots, strict=True):
        sealed[name][index] = {"personal": row.pk, "sha256": hexdigest}
    for name in names:
        if not isinstance(changes[name], list | tuple):
            sealed[name] = sealed[name][0]
    return sealed


def reveal(events) -> list:
    """The events with each sealed reference replaced by its value (or a note that it was erased).

    One query for all of them. Only for readers who may see police-only values: the caller
    has filtered the events accordingly. The events are copies in memory; nothing is saved.
    """
    events = list(events)
    wanted = {ref["personal"] for event in events for ref in references(event.changes)}
    if not wanted:
        return events
    values = dict(PersonalValue.objects.filter(pk__in=wanted).values_list("pk", "value").order_by())

    def read(item):
        if not is_reference(item):
            return item
        if item["personal"] not in values:
            return MISSING
        value = values[item["personal"]]
        return ERASED if value is None else value

    for event in events:
        if references(event.changes):
            event.changes = {
                key: [read(v) for v in value] if isinstance(value, list) else read(value)
                for key, value in event.changes.items()
            }
    return events


def erased_ids(changes) -> list[int] | None:
    """The value ids a disposal event's changes name as erased, or None if it names none."""
    pair = changes.get(ERASED_KEY) if isinstance(changes, dict) else None
    if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], list):
        return pair[1]
    return None


def unerased(plan_id: int):
    """The plan's sealed values not yet erased (what a disposal would erase)."""
    return PersonalValue.objects.filter(plan_id=plan_id, erased_sequence__isnull=True)


def unerased_ids(plan_id: int) -> list[int]:
    return list(unerased(plan_id).order_by("pk").values_list("pk", flat=True))


def erase(ids: list[int], *, sequence: int) -> int:
    """Clear these values and their salts, naming the disposal event that erased them."""
    return PersonalValue.objects.filter(pk__in=ids, erased_sequence__isnull=True).update(
        value=None, salt="", erased_sequence=sequence
    )
