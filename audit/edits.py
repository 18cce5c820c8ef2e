"""One way to record a change to an edited record (a plan section, an objective, a response, a
task, an area, a patrol), with one optimistic lock: `record_edit`.

A form carries the version it was drawn from and, when it can, the values the user saw (an
`EditBase`). A save over a newer version is refused with an EditConflict that says which fields
the other person changed, which the user changed, and which both changed differently. Saving
again (with the version now saved and the same base) writes only the fields this user changed
from what they saw: the other person's changes to the rest are never written over, and where
both changed a field the user's choice for it ("theirs" or "mine") decides.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist

THEIRS, MINE = "theirs", "mine"


class EditConflict(Exception):
    """A save based on an older version: nothing was written."""

    def __init__(
        self,
        *,
        current: dict,
        changed: list[str],
        version: int,
        noun: str = "section",
        mine: Iterable[str] = (),
        contested: Iterable[str] = (),
        message: str = "",
    ):
        super().__init__(message or f"Someone else saved this {noun} after you opened it.")
        self.current = current  # field -> value now saved
        self.changed = changed  # the fields saved since the version the user started from
        self.version = version  # the version now saved: the next save is based on it
        self.mine = list(mine)  # the fields this user changed from what they saw (with a base)
        self.contested = list(contested)  # changed by both, differently: the user chooses


@dataclass(frozen=True)
class EditBase:
    """What the user saw when they opened the form (`seen`: field -> `comparable` value) and,
    after a conflict, their choice for each field both changed (field -> THEIRS or MINE)."""

    seen: dict
    choices: dict = field(default_factory=dict)

    def untouched(self, name: str, value) -> bool:
        return name in self.seen and comparable(value) == self.seen[name]


def comparable(value):
    """A value as a base holds it and as edits compare it: JSON-safe, one spelling per value
    (a record by its key, a set of records by their sorted keys, a date in ISO form, text with
    the line endings a browser may change)."""
    if hasattr(value, "all") and callable(value.all):  # a related manager or a queryset
        value = list(value.all())
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    if isinstance(value, dict):
        return {str(k): comparable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [comparable(v) for v in value]
        if any(hasattr(v, "_meta") for v in value) or isinstance(value, set | frozenset):
            return sorted(items, key=repr)
        return items
    return str(value)


def seen_of(record, fields: Iterable[str]) -> dict:
    """The base a form is drawn with: each field's saved value, `comparable`."""
    return {name: comparable(getattr(record, name)) for name in fields}


def fields_changed_since(events, version: int, fields: list[str]) -> list[str]:
    """The fields changed by those of these update events saved over `version` or a later one
    (each records its version as [old, new]), in the order of `fields`."""
    changed: set[str] = set()
    for event in events.only("changes").order_by("-sequence")[:200]:
        versions = event.changes.get("version")
        if versions and versions[0] is not None and versions[0] >= version:
            changed.update(k for k in event.changes if k in fields)
    return [f for f in fields if f in changed]


def _saved(record, name):
    """A field's saved value: a list for a many-to-many, a record's key for a foreign key (its
    record is read only when the edit changes it, for the event)."""
    field = _foreign_key(record, name)
    if field is not None:
        return getattr(record, field.attname)
    value = getattr(record, name)
    return list(value.all()) if hasattr(value, "all") and callable(value.all) else value


def _foreign_key(record, name):
    meta = getattr(record, "_meta", None)
    if meta is None:
        return None
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist:  # not a model field (a property, say): read as it is
        return None
    return field if field.many_to_one else None


def _as_record(record, name, key):
    """A foreign key's record from its key, for the event's words."""
    field = _foreign_key(record, name)
    if field is None or key is None:
        return key
    return field.related_model._default_manager.filter(pk=key).first()


def refuse_a_stale_save(
    record,
    *,
    version: int | None,
    fields: list[str],
    events,
    value=getattr,
    noun="section",
    values: dict | None = None,
    base: EditBase | None = None,
):
    """EditConflict when the locked `record` has moved on from the `version` its form was drawn
    from (None: the caller sent none, and nothing is checked). With the user's `base`, the
    conflict says which fields they changed and which both changed; without one, the fields
    changed since come from `events`, the record's update events (read only on a conflict).
    `value(record, field)` gives a field's saved value as the conflict shows it."""
    if version is None or record.version == version:
        return
    values = values or {}
    if base is not None:
        changed = [f for f in fields if f in base.seen and comparable(_saved(record, f)) != base.seen[f]]
        mine = [f for f in fields if f in values and not base.untouched(f, values[f])]
        contested = [
            f for f in mine if f in changed and comparable(values[f]) != comparable(_saved(record, f))
        ]
    else:
        changed = fields_changed_since(events, version, fields) or fields
        mine, contested = [], []
    raise EditConflict(
        current={f: value(record, f) for f in fields},
        changed=changed,
        version=record.version,
        noun=noun,
        mine=mine,
        contested=contested,
    )


def record_edit(
    record,
    *,
    fields: list[str],
    values: dict,
    version: int | None,
    events,
    base: EditBase | None = None,
    noun: str = "section",
    value=getattr,
    write: Callable | None = None,
    clean: Callable | None = None,
    audit: Callable = lambda name, v: v,
) -> dict:
    """Apply a form's `values` to the locked `record`, refusing a stale `version` (see
    refuse_a_stale_save), and return the audit event's changes: field -> [old, new] in the
    words of `audit(name, value)`, with the version moved on ([old, new]) when anything changed.

    With a `base`, only the fields the user changed from what they saw are written, and of
    those both people changed, only the ones the user chose to keep as theirs ("mine").
    `write(record, name, value)` sets a field (setattr by default: a many-to-many needs its own);
    `clean(record)` runs after the writes, before the changes are read back. The caller saves.
    """
    refuse_a_stale_save(
        record,
        version=version,
        fields=fields,
        events=events,
        value=value,
        noun=noun,
        values=values,
        base=base,
    )
    before = {name: _saved(record, name) for name in fields}
    written = []
    for name in fields:
        if name not in values:
            continue
        if base is not None and (base.untouched(name, values[name]) or base.choices.get(name) == THEIRS):
            continue  # what the user left as they saw it (or chose to keep as it is now) stays
        if comparable(values[name]) != comparable(before[name]):
            (write or setattr)(record, name, values[name])
            written.append(name)
    if clean is not None:
        clean(record)
    changes = {}
    for name in written:
        was = _as_record(record, name, before[name])
        now = getattr(record, name) if _foreign_key(record, name) else _saved(record, name)
        old, new = audit(name, was), audit(name, now)
        if old != new:
            changes[name] = [old, new]
    if changes:
        # Every saved change moves the version on: a form opened before it cannot undo it.
        changes["version"] = [record.version, record.version + 1]
        record.version += 1
    return changes
