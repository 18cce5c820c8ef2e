"""The quarterly hotspot refresh's one write: a manager's decision that a current hotspot
continues or stops this quarter. Keyword-only, typed, atomic, audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import log_event
from partners.permissions import require

from .claims import FinancialQuarter
from .models import Area
from .refresh_models import HotspotDecision

NOTE_LENGTH = HotspotDecision._meta.get_field("note").max_length


def hotspot_decide(
    *, actor, area: Area, decision: str, note: str = "", today: datetime.date | None = None
) -> HotspotDecision:
    """A manager records whether `area`, a current hotspot (it has an open plan), continues or
    stops in the quarter of `today` (the local date by default), with an optional note.

    A later decision in the same quarter replaces the earlier one (the event keeps both); the
    same decision and note again (a form sent twice) change nothing and write no event.
    """
    from plans.models import OPEN_STAGES

    require(actor, "hotspots.decide_hotspot_refresh", action="scan.refresh_decide", target=area)
    if decision not in HotspotDecision.Decision.values:
        raise ValidationError({"decision": "Choose whether the hotspot continues or stops"})
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise ValidationError({"note": f"Keep the note to {NOTE_LENGTH} characters or fewer"})
    quarter = FinancialQuarter.of(today or timezone.localdate())
    with transaction.atomic():
        area = Area.objects.select_for_update().get(pk=area.pk)
        if not area.plans.filter(state__in=OPEN_STAGES).exists():
            raise ValidationError(f"{area.name} has no open plan: only a current hotspot is decided on")
        row = HotspotDecision.objects.select_for_update().filter(area=area, quarter=quarter.code).first()
        if row is not None and (row.decision, row.note) == (decision, note):
            return row
        old_decision, old_note = (row.decision, row.note) if row else (None, None)
        values = {"decision": decision, "note": note, "decided_by": actor, "decided_at": timezone.now()}
        if row is None:
            row = HotspotDecision.objects.create(area=area, quarter=quarter.code, **values)
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=list(values))
        # The event's target reads "Clock Tower in 2026/27 Q3": the quarter is in its label.
        changes = {"decision": [old_decision, decision]}
        if note != old_note and (note or old_note):
            changes["note"] = [old_note or None, note or None]
        log_event(action="scan.refresh_decide", actor=actor, target=row, changes=changes)
    return row
