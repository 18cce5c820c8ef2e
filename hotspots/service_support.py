"""What the writes of areas and patrols share: the fields each records, and how an event
records a record made, removed or edited (hotspots.services, hotspots.patrol_services)."""

from audit.edits import EditBase, record_edit
from audit.models import Event

from .models import Area

AREA_FIELDS = [
    "name",
    "geometry",
    "lsoa_codes",
    "buffer_m",
    "tolerance_m",
    "control_geometry",
    "displacement_control_geometry",
]
PATROL_FIELDS = [
    "area",
    "date",
    "start_time",
    "minutes",
    "staff_count",
    "kind",
    "engagements",
    "arrests",
    "stop_searches",
    "asb_powers",
    "note",
]


def as_created(instance, fields) -> dict:
    """Field -> [None, value]: a new object's event records every value it was given."""
    return {name: [None, getattr(instance, name)] for name in fields}


def as_removed(instance, fields) -> dict:
    """Field -> [value, None]: a removed object's event keeps every value it had."""
    return {name: [getattr(instance, name), None] for name in fields}


def record_area_or_patrol_edit(
    instance, *, action: str, version: int | None, base: EditBase | None, values: dict
) -> dict:
    """audit.edits.record_edit for an area or a patrol: refused when its form's version is stale,
    reading what changed since from the record's own update events."""
    fields = AREA_FIELDS if isinstance(instance, Area) else PATROL_FIELDS
    events = Event.objects.filter(
        action=action, target_type=instance._meta.label_lower, target_id=str(instance.pk)
    )
    return record_edit(
        instance,
        fields=fields,
        values=values,
        version=version,
        base=base,
        events=events,
        noun=instance._meta.verbose_name,
    )
