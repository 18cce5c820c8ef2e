"""The writes to areas and crime families: keyword-only, typed, atomic, audited. Patrols are
written by hotspots.patrol_services, police.uk imports by hotspots.import_services."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.edits import EditBase, EditConflict  # noqa: F401 - EditConflict: what these services raise
from audit.services import diff, log_event
from partners.permissions import require

from . import geometry, submissions
from .models import Area, CrimeFamily, Incident
from .service_support import AREA_FIELDS, as_created, as_removed, record_area_or_patrol_edit

# ---------------------------------------------------------------- areas


def _outline_from_lsoas(codes: list[str]) -> dict:
    """Outline an LSOA area by the convex hull of its imported incidents, 25 m generous.

    police.uk gives no LSOA boundaries; the hull of the snap points inside them is the honest
    outline we can draw, and lets the area have a buffer ring for displacement.
    """
    points = list(
        Incident.objects.filter(lsoa_code__in=codes, longitude__isnull=False)
        .values_list("longitude", "latitude")
        .distinct()
    )
    if not points:
        raise geometry.GeometryError(
            "No imported incidents have these LSOA codes, so the area cannot be outlined: "
            "import the police.uk data first, or draw the area"
        )
    lons, lats = zip(*points, strict=False)
    x, y = geometry.lonlat_to_bng(lons, lats)
    hull = geometry.shapely.convex_hull(geometry.shapely.multipoints(list(zip(x, y, strict=False)))).buffer(
        25
    )
    return geometry.normalise(geometry.to_wgs84(hull))


def _prepare_area(
    *, geometry_value, lsoa_codes, buffer_m, tolerance_m, control_geometry, displacement_control_geometry=None
) -> dict:
    codes = geometry.clean_lsoa_codes(lsoa_codes)
    if geometry_value:
        outline = geometry.normalise(geometry.parse_polygon(geometry_value))
    elif codes:
        outline = _outline_from_lsoas(codes)
    else:
        raise geometry.GeometryError("Give the area as a polygon or as a list of LSOA codes")
    control = (
        geometry.normalise(
            geometry.parse_polygon(control_geometry, what="The control area"), what="The control area"
        )
        if control_geometry
        else None
    )
    displacement_control = (
        geometry.displacement_control_outline(displacement_control_geometry, control=control)
        if displacement_control_geometry
        else None
    )
    if not 0 <= buffer_m <= 2000:
        raise geometry.GeometryError("The buffer must be between 0 and 2,000 metres")
    if not 0 <= tolerance_m <= 500:
        raise geometry.GeometryError("The tolerance must be between 0 and 500 metres")
    main, control_box = geometry.area_bounds(
        geometry=outline, buffer_m=buffer_m, tolerance_m=tolerance_m, control_geometry=control
    )
    values = {
        "geometry": outline,
        "lsoa_codes": codes,
        "buffer_m": buffer_m,
        "tolerance_m": tolerance_m,
        "control_geometry": control,
        "displacement_control_geometry": displacement_control,
        "min_lon": main[0],
        "min_lat": main[1],
        "max_lon": main[2],
        "max_lat": main[3],
    }
    for key, value in zip(
        ("min_lon", "min_lat", "max_lon", "max_lat"), control_box or (None,) * 4, strict=False
    ):
        values[f"control_{key}"] = value
    return values


NAME_TAKEN = "An area with this name already exists"


def _set_bounds(area: Area) -> None:
    """The boxes the figures search within, drawn from the area's outline, buffer and control."""
    main, control_box = geometry.area_bounds(
        geometry=area.geometry,
        buffer_m=area.buffer_m,
        tolerance_m=area.tolerance_m,
        control_geometry=area.control_geometry,
    )
    area.min_lon, area.min_lat, area.max_lon, area.max_lat = main
    area.control_min_lon, area.control_min_lat, area.control_max_lon, area.control_max_lat = (
        control_box or (None,) * 4
    )


def _refuse_a_taken_name(name: str, *, area: Area | None = None) -> None:
    taken = Area.objects.filter(name__iexact=name)
    if area is not None:
        taken = taken.exclude(pk=area.pk)
    if taken.exists():
        raise ValidationError({"name": NAME_TAKEN})


def area_create(
    *,
    actor,
    name: str,
    geometry_value=None,
    lsoa_codes=(),
    buffer_m: int = geometry.DEFAULT_BUFFER_M,
    tolerance_m: int = geometry.DEFAULT_TOLERANCE_M,
    control_geometry=None,
    displacement_control_geometry=None,
    submission=None,
) -> Area:
    """Create a hotspot area from a polygon or LSOA codes; raises GeometryError saying what is wrong.

    A name already taken raises ValidationError; the same create form sent twice by the same
    person (`submission`, its one-time token) raises submissions.AlreadySubmitted naming the area.
    """
    require(actor, "hotspots.manage_areas", action="area.create")
    name = name.strip()
    values = _prepare_area(
        geometry_value=geometry_value,
        lsoa_codes=lsoa_codes,
        buffer_m=buffer_m,
        tolerance_m=tolerance_m,
        control_geometry=control_geometry,
        displacement_control_geometry=displacement_control_geometry,
    )
    content = {"name": name, **{field: values[field] for field in AREA_FIELDS if field != "name"}}
    once = {"token": submission, "actor": actor, "action": "area.create", "content": content}
    with transaction.atomic():
        # A repeat first: its name is taken by the area its first sending made.
        taken = submissions.take(**once)
        _refuse_a_taken_name(name)
        try:
            with transaction.atomic():
                area = Area.objects.create(name=name, created_by=actor, **values)
        except IntegrityError:  # the same name, saved by a create that committed meanwhile
            raise ValidationError({"name": NAME_TAKEN}) from None
        submissions.record(taken, area=area)
        log_event(
            action="area.create",
            actor=actor,
            target=area,
            changes=as_created(area, AREA_FIELDS),
        )
    return area


def area_update(
    *,
    actor,
    area: Area,
    name: str,
    geometry_value=None,
    lsoa_codes=(),
    buffer_m: int = geometry.DEFAULT_BUFFER_M,
    tolerance_m: int = geometry.DEFAULT_TOLERANCE_M,
    control_geometry=None,
    displacement_control_geometry=None,
    version: int | None = None,
    base: EditBase | None = None,
) -> Area:
    """Change an area's name, outline, buffer, tolerance, control or Dc; figures follow at once.

    With `version` (the edit form's), refused with EditConflict when someone saved the area since;
    with the `base` the user saw, only the fields they changed are written.
    """
    require(actor, "hotspots.manage_areas", action="area.update", target=area)
    values = _prepare_area(
        geometry_value=geometry_value,
        lsoa_codes=lsoa_codes,
        buffer_m=buffer_m,
        tolerance_m=tolerance_m,
        control_geometry=control_geometry,
        displacement_control_geometry=displacement_control_geometry,
    )
    with transaction.atomic():
        area = Area.objects.select_for_update().get(pk=area.pk)
        values["name"] = name.strip()
        for field in ("geometry", "control_geometry", "displacement_control_geometry"):
            if geometry.same_outline(getattr(area, field), values[field]):
                values[field] = getattr(area, field)  # the form's copy of the saved outline: not a change
            elif base is not None and geometry.same_outline(base.seen.get(field), values[field]):
                values[field] = base.seen[field]  # the copy of the outline the user saw: untouched
        changes = record_area_or_patrol_edit(
            area, action="area.update", version=version, base=base, values=values
        )
        _set_bounds(area)  # from the outline, buffer and control now saved (theirs, mine or both)
        _refuse_a_taken_name(area.name, area=area)
        try:
            with transaction.atomic():
                area.save()
        except IntegrityError:  # the same name, saved by another area's edit meanwhile
            raise ValidationError({"name": NAME_TAKEN}) from None
        log_event(action="area.update", actor=actor, target=area, changes=changes)
    return area


class AreaInUse(Exception):
    """An area that plans or patrols refer to stays: their figures and dosage are counted in it."""


def area_delete(*, actor, area: Area, reason: str) -> None:
    """Remove an area nothing refers to (one drawn by mistake, say); its event keeps every value."""
    require(actor, "hotspots.manage_areas", action="area.delete", target=area)
    reason = reason.strip()
    if not reason:
        raise ValueError("Removing an area needs a reason.")
    with transaction.atomic():
        area = Area.objects.select_for_update().get(pk=area.pk)
        plans, patrols = area.plans.count(), area.patrols.count()
        if plans or patrols:
            raise AreaInUse(
                f"{area.name} cannot be removed: it has {_count(plans, 'plan')} and "
                f"{_count(patrols, 'patrol')}. Change the area instead."
            )
        log_event(
            action="area.delete",
            actor=actor,
            target=area,
            changes=as_removed(area, AREA_FIELDS),
            reason=reason,
        )
        area.delete()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# ---------------------------------------------------------------- crime families

CRIME_FAMILY_FIELDS = ["name", "slug", "crime_types"]


def _headline_family_message(family: CrimeFamily) -> str:
    return (
        f"{family.name} is counted in every plan's assessment and in the programme figures: "
        "its crime types and name can change, but it cannot be removed and its slug stays "
        f"{family.slug}."
    )


def _save_family(family: CrimeFamily, *, name: str, slug: str, crime_types) -> None:
    if isinstance(crime_types, list) and all(isinstance(v, str) for v in crime_types):
        crime_types = list(dict.fromkeys(v.strip() for v in crime_types))  # each name once
    family.name, family.slug, family.crime_types = name.strip(), slug.strip(), crime_types
    # Unique name and slug, lengths, crime types: a message for each, never an IntegrityError.
    family.full_clean()
    family.save()


def crime_family_create(*, actor, name: str, slug: str, crime_types) -> CrimeFamily:
    """A new grouping of police.uk crime types for figures to count by; raises ValidationError."""
    require(actor, "hotspots.change_crime_families", "add", action="crimefamily.create")
    with transaction.atomic():
        family = CrimeFamily()
        _save_family(family, name=name, slug=slug, crime_types=crime_types)
        log_event(
            action="crimefamily.create",
            actor=actor,
            target=family,
            changes=as_created(family, CRIME_FAMILY_FIELDS),
        )
    return family


def crime_family_update(*, actor, family: CrimeFamily, name: str, slug: str, crime_types) -> CrimeFamily:
    """Rename a family or change the crime types it counts; every figure follows at once."""
    require(actor, "hotspots.change_crime_families", "change", action="crimefamily.update", target=family)
    with transaction.atomic():
        family = CrimeFamily.objects.select_for_update().get(pk=family.pk)
        if family.is_headline and slug.strip() != family.slug:
            raise ValidationError({"slug": _headline_family_message(family)})
        old = {field: getattr(family, field) for field in CRIME_FAMILY_FIELDS}
        _save_family(family, name=name, slug=slug, crime_types=crime_types)
        log_event(
            action="crimefamily.update",
            actor=actor,
            target=family,
            changes=diff(family, old, CRIME_FAMILY_FIELDS),
        )
    return family


def crime_family_delete(*, actor, family: CrimeFamily) -> None:
    """Remove a family; its event keeps every value, so it can be put back as it was."""
    require(actor, "hotspots.change_crime_families", "delete", action="crimefamily.delete", target=family)
    with transaction.atomic():
        family = CrimeFamily.objects.select_for_update().get(pk=family.pk)
        if family.is_headline:
            raise ValidationError(_headline_family_message(family))
        log_event(
            action="crimefamily.delete",
            actor=actor,
            target=family,
            changes=as_removed(family, CRIME_FAMILY_FIELDS),
        )
        family.delete()
