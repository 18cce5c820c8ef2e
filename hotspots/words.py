"""The words of hotspots' events (areas, patrols, crime families, imports), registered with
audit.presentation when the app is ready: each field by its form's label."""

import itertools

from audit import presentation as words

from .claim_models import Claim
from .models import Area, CrimeFamily, ImportedMonth, PatrolBatch, PatrolLog
from .refresh_models import HotspotDecision
from .rota import WEEKDAY_NAMES
from .rota_models import FundedTarget, RotaException, RotaPattern


def _form_labels(form_class) -> dict[str, str]:
    return {name: str(field.label) for name, field in form_class.base_fields.items() if field.label}


def register() -> None:
    from . import forms, patrol_forms, rota_forms

    area_labels = _form_labels(forms.AreaForm)
    area_labels.update(
        geometry="Area outline",
        control_geometry="Control area",
        displacement_control_geometry="Control's displacement area (Dc)",
    )
    words.register_model(
        Area,
        labels=area_labels,
        kinds={
            "geometry": words.OUTLINE,
            "control_geometry": words.OUTLINE,
            "displacement_control_geometry": words.OUTLINE,
        },
    )
    words.register_field("lsoa_codes", "LSOA codes", kind=words.NAMES, target_type="hotspots.area")
    words.register_model(
        PatrolLog, labels={**_form_labels(patrol_forms.PatrolForm), "organisation": "Organisation"}
    )
    words.register_model(PatrolBatch)
    for name, label, kind in (
        ("source_name", "File", words.TEXT),
        ("rows", "Patrols", words.TEXT),
        ("batch_areas", "Areas", words.NAMES),
        ("gps_rule", "Rule applied", words.TEXT),
        ("digest", "File's SHA-256 digest", words.TEXT),
    ):
        words.register_field(name, label, kind=kind, target_type="hotspots.patrolbatch")
    words.register_model(CrimeFamily, kinds={"slug": words.HIDDEN})
    words.register_field(
        "crime_types", "police.uk crime types", kind=words.NAMES, target_type="hotspots.crimefamily"
    )
    words.register_model(ImportedMonth)
    for name, label in {
        "rows": "Incidents imported",
        "rows_without_location": "Incidents without a location",
        "replaced": "Incidents replaced",
        "source_name": "File",
    }.items():
        words.register_field(name, label, target_type="hotspots.importedmonth")
    # The patrol rota: a pattern by its form's labels, its exceptions by theirs, the target by its.
    words.register_model(RotaPattern, labels=_form_labels(rota_forms.RotaPatternForm))
    # The slots as a number (an event holds the count, not the slots); the days by their names.
    words.register_field("slots", "Slots planned", target_type="hotspots.rotapattern")
    words.register_field(
        "weekdays",
        "Days of the week",
        kind=words.CHOICE,
        choices={str(day): name for day, name in enumerate(WEEKDAY_NAMES)},
        target_type="hotspots.rotapattern",
    )
    exception_labels = _form_labels(rota_forms.RotaExceptionForm)
    # An exception's values, as it was added and as it was undone.
    for action, name in itertools.product(
        ("rota.exception", "rota.exception_remove"), ("date", "kind", "moved_to_date", "moved_to_time")
    ):
        field = RotaException._meta.get_field(name)
        kind = {"date": words.DATE, "moved_to_date": words.DATE, "moved_to_time": words.TIME}.get(
            name, words.TEXT
        )
        words.register_field(
            name,
            exception_labels.get(name) or str(field.verbose_name).capitalize(),
            kind=kind,
            choices=field.choices if name == "kind" else None,
            action=action,
        )
    words.register_model(FundedTarget, labels=_form_labels(rota_forms.FundedTargetForm))
    words.register_field("hours", "Its funded patrol hours", action="target.organisation_set")
    # The quarterly refresh: whether a hotspot continues, and why.
    words.register_model(HotspotDecision, labels={"decision": "Decision", "note": "Note"})
    # Partners' claims: a rate on its organisation, a visit counted, a claim decided.
    words.register_field("rate", "Hourly patrol rate (£)", action="claim.rate_set")
    words.register_field("counted", "Counts in claims", kind=words.FLAG, action="claim.visit_count")
    words.register_model(
        Claim,
        labels={"minutes": "Minutes that count", "rate": "Rate (£ an hour)", "amount": "Total claimed (£)"},
    )
