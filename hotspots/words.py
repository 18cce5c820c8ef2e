"""The words of hotspots' events (areas, patrols, crime families, imports), registered with
audit.presentation when the app is ready: each field by its form's label."""

from audit import presentation as words

from .models import Area, CrimeFamily, ImportedMonth, PatrolLog


def _form_labels(form_class) -> dict[str, str]:
    return {name: str(field.label) for name, field in form_class.base_fields.items() if field.label}


def register() -> None:
    from . import forms

    area_labels = _form_labels(forms.AreaForm)
    area_labels.update(geometry="Area outline", control_geometry="Control area")
    words.register_model(
        Area, labels=area_labels, kinds={"geometry": words.OUTLINE, "control_geometry": words.OUTLINE}
    )
    words.register_field("lsoa_codes", "LSOA codes", kind=words.NAMES, target_type="hotspots.area")
    words.register_model(PatrolLog, labels={**_form_labels(forms.PatrolForm), "organisation": "Organisation"})
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
