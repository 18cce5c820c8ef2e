"""Counting a crime family's incidents for the figures: by month in an area's target, buffer and
control, and in many areas at once."""

import datetime
from collections import Counter

import numpy as np
import shapely
from django.db.models import Q

from . import geometry
from .measures import Period, months_between
from .models import Area, CrimeFamily, ImportedMonth, Incident


def _bbox_q(area: Area) -> Q | None:
    """The stored bounding box of target+tolerance+buffer, or one computed now for an unsaved area."""
    box = (area.min_lon, area.min_lat, area.max_lon, area.max_lat)
    if None in box:
        if not area.geometry:
            return None
        box, _ = geometry.area_bounds(
            geometry=area.geometry, buffer_m=area.buffer_m, tolerance_m=area.tolerance_m
        )
    return Q(longitude__gte=box[0], longitude__lte=box[2], latitude__gte=box[1], latitude__lte=box[3])


def _control_q(area: Area, shapes=None) -> Q | None:
    if not area.control_geometry:
        return None
    box = (area.control_min_lon, area.control_min_lat, area.control_max_lon, area.control_max_lat)
    if shapes is not None and shapes.displacement_control is not None:
        # The control with its displacement ring (Dc): a box computed now, as the stored one
        # holds the control alone.
        box = geometry.wgs84_bounds(shapely.union(shapes.control, shapes.displacement_control))
    elif None in box:
        _, box = geometry.area_bounds(
            geometry=None, buffer_m=0, tolerance_m=0, control_geometry=area.control_geometry
        )
    return Q(longitude__gte=box[0], longitude__lte=box[2], latitude__gte=box[1], latitude__lte=box[3])


def count_families_by_month(*, area: Area, families: dict, months: list[datetime.date], shapes=None) -> dict:
    """{key: {region: Counter(month -> incidents)}} for several families in one query.

    A region is None when the area has no such region. The database narrows by month, crime
    type and the bounding boxes (indexed); shapely decides target, buffer and control exactly.
    """
    shapes = shapes or geometry.shapes_for(area)
    codes = sorted(shapes.lsoa_codes)
    where = Q()
    narrowed = False
    outline_q = _bbox_q(area)
    if outline_q is not None and (shapes.buffer is not None or (shapes.target is not None and not codes)):
        where |= outline_q
        narrowed = True
    control_q = _control_q(area, shapes) if shapes.control is not None else None
    if control_q is not None:
        where |= control_q
        narrowed = True
    if codes:
        where |= Q(lsoa_code__in=codes)
        narrowed = True
    result = {
        key: {
            "target": Counter(),
            "buffer": Counter() if shapes.buffer is not None else None,
            "control": Counter() if shapes.control is not None else None,
            "displacement_control": Counter() if shapes.displacement_control is not None else None,
        }
        for key in families
    }
    all_types = sorted({t for types in families.values() for t in types})
    if not narrowed or not all_types:
        return result
    rows = list(
        Incident.objects.filter(where, month__in=months, crime_type__in=all_types).values_list(
            "month", "longitude", "latitude", "crime_type", "lsoa_code"
        )
    )
    if not rows:
        return result
    months_, lons, lats, types, lsoas = zip(*rows, strict=True)
    located = np.array([lon is not None for lon in lons], dtype=bool)
    x, y = geometry.lonlat_to_bng(
        [v if v is not None else 0.0 for v in lons], [v if v is not None else 0.0 for v in lats]
    )
    if codes:
        code_set = set(codes)
        in_target = np.array([code in code_set for code in lsoas], dtype=bool)
    else:
        in_target = geometry.points_in(shapes.target, x, y) & located
    in_buffer = geometry.points_in(shapes.buffer, x, y) & located & ~in_target
    in_control = geometry.points_in(shapes.control, x, y) & located
    in_dc = geometry.points_in(shapes.displacement_control, x, y) & located & ~in_control
    type_array = np.array(types, dtype=object)
    month_array = np.array(months_, dtype=object)
    regions = (
        ("target", in_target),
        ("buffer", in_buffer),
        ("control", in_control),
        ("displacement_control", in_dc),
    )
    for key, crime_types in families.items():
        of_family = np.isin(type_array, list(crime_types))
        for region, mask in regions:
            if result[key][region] is not None:
                result[key][region].update(month_array[mask & of_family].tolist())
    return result


def family_count_in_areas(*, areas, family: CrimeFamily, start: datetime.date, end: datetime.date) -> int:
    """Incidents of the family in the union of the areas' targets (with tolerance), each counted once."""
    return family_counts_in_areas(areas=areas, families={0: family}, ranges=[(start, end)])[0][0]


def family_counts_in_areas(*, areas, families: dict, ranges: list[Period]) -> dict:
    """{key: [incidents of the family in each range]} in the union of the areas' targets.

    One query for every family and range: the programme's crime figures ask for two families
    over several months and the same months a year before. An incident in two overlapping
    areas counts once; a range holds the whole months from its start's month to its end's.
    """
    result = {key: [0] * len(ranges) for key in families}
    areas = list(areas)
    types_of = {key: set(family.crime_types) for key, family in families.items()}
    all_types = sorted(set().union(*types_of.values())) if types_of else []
    if not areas or not ranges or not all_types:
        return result
    boxes = Q()
    targets = []
    codes = set()
    any_box = False
    for area in areas:
        shapes = geometry.shapes_for(area)
        codes |= shapes.lsoa_codes
        if shapes.target is not None and not shapes.lsoa_codes:
            targets.append(shapes.target)
            box = _bbox_q(area)
            if box is not None:
                boxes |= box
                any_box = True
    where = Q()
    if any_box:
        where |= boxes
    if codes:
        where |= Q(lsoa_code__in=sorted(codes))
    if not any_box and not codes:
        return result
    ranges_of_month: dict[datetime.date, list[int]] = {}
    for index, (start, end) in enumerate(ranges):
        for month in months_between(start, end):
            ranges_of_month.setdefault(month, []).append(index)
    rows = list(
        Incident.objects.filter(
            where, month__in=sorted(ranges_of_month), crime_type__in=all_types
        ).values_list("month", "crime_type", "longitude", "latitude", "lsoa_code")
    )
    if not rows:
        return result
    months, types, lons, lats, lsoas = zip(*rows, strict=True)
    hit = np.array([code in codes for code in lsoas], dtype=bool)
    if targets:
        union = geometry.shapely.union_all(targets)
        geometry.shapely.prepare(union)
        located = np.array([lon is not None for lon in lons], dtype=bool)
        x, y = geometry.lonlat_to_bng(
            [lon if lon is not None else 0.0 for lon in lons],
            [lat if lat is not None else 0.0 for lat in lats],
        )
        hit |= geometry.points_in(union, x, y) & located
    tally = Counter(zip(np.array(months, dtype=object)[hit], np.array(types, dtype=object)[hit], strict=True))
    for (month, crime_type), n in tally.items():
        for key, family_types in types_of.items():
            if crime_type in family_types:
                for index in ranges_of_month[month]:
                    result[key][index] += n
    return result


def all_imported_months() -> set:
    """Every month with imported data (a small table: one row per force-month)."""
    return set(ImportedMonth.objects.order_by().values_list("month", flat=True).distinct())


def imported_months(months) -> set:
    return set(
        ImportedMonth.objects.filter(month__in=list(months))
        .order_by()
        .values_list("month", flat=True)
        .distinct()
    )
