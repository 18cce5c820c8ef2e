"""Consultations of the audit trail itself: a search page that shows police-only values (victims,
offenders, police notes) is a reading of them, recorded as the plan page records its views."""

from django.db import transaction

from partners.permissions import require

from .models import Event
from .services import log_event

# The action a search page that revealed police-only values writes (audit.presentation words it).
SEARCH_CONSULTATION_ACTION = "audit.search_consult"


def search_record_consultation(*, actor, filters: dict[str, str], sequences: list[int]) -> Event:
    """Record that this user read the police-only values of these events in the audit search,
    with the filters of the search: police-only, as what it points at is."""
    require(actor, "audit.see_police_only_events", action=SEARCH_CONSULTATION_ACTION)
    with transaction.atomic():
        return log_event(
            action=SEARCH_CONSULTATION_ACTION,
            actor=actor,
            target_label=f"{len(sequences)} event{'s' if len(sequences) != 1 else ''} with police-only values",
            changes={"filters": [None, dict(filters)], "events": [None, list(sequences)]},
            police_only=True,
        )
