"""A save based on an older version of a record (a plan section, an objective, an area, a
patrol): refused with what changed since, read back from the audit trail's update events."""


class EditConflict(Exception):
    """A save based on an older version: nothing was written."""

    def __init__(self, *, current: dict, changed: list[str], version: int, noun: str = "section"):
        super().__init__(f"Someone else saved this {noun} after you opened it.")
        self.current = current  # field -> value now saved
        self.changed = changed  # the fields saved since the version the user started from
        self.version = version  # the version now saved: the next save is based on it


def fields_changed_since(events, version: int, fields: list[str]) -> list[str]:
    """The fields changed by those of these update events saved over `version` or a later one
    (each records its version as [old, new]), in the order of `fields`."""
    changed: set[str] = set()
    for event in events.only("changes").order_by("-sequence")[:200]:
        versions = event.changes.get("version")
        if versions and versions[0] is not None and versions[0] >= version:
            changed.update(k for k in event.changes if k in fields)
    return [f for f in fields if f in changed]


def refuse_a_stale_save(
    record, *, version: int | None, fields: list[str], events, value=getattr, noun="section"
):
    """EditConflict when the locked `record` has moved on from the `version` its form was drawn
    from (None: the caller sent none, and nothing is checked). `events` are the record's update
    events, read only on a conflict; `value(record, field)` gives a field's saved value."""
    if version is not None and record.version != version:
        raise EditConflict(
            current={field: value(record, field) for field in fields},
            changed=fields_changed_since(events, version, fields) or fields,
            version=record.version,
            noun=noun,
        )
