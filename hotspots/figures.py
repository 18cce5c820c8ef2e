"""Assessment figures for a hotspot area: plain functions, no web dependency.

R = target area, B = buffer ring, C = control area; b = before, a = after (PRODUCT.md,
"Assess: evidence, not opinion"). The database narrows incidents by an indexed bounding
box; shapely decides exactly which region each point falls in, in British National Grid.
"""

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from django.db.models import Max, Q

from . import geometry
from .measures import (
    NOT_DEFINED_TEXT,
    TOO_FEW,
    TOO_FEW_TEXT,
    Measure,
    add_months,
    count,
    half_up,
    month_end,
    month_label,
    month_start,
    months_between,
    number,
    percent_change,
    period_label,
    signed,
)
from .models import Area, CrimeFamily, ImportedMonth, Incident

Period = tuple[datetime.date, datetime.date]
REGIONS = ("target", "buffer", "control")


@dataclass
class AreaFigures:
    """Every figure for one area, family and pair of periods. Scalar fields print as label/value rows."""

    area: str
    crime_family: str
    before_period: str
    after_period: str
    target_before: Measure
    target_after: Measure
    buffer_before: Measure
    buffer_after: Measure
    control_before: Measure
    control_after: Measure
    target_same_period_last_year: Measure
    change_against_same_period_last_year: Measure
    before_after_change: Measure
    buffer_change: Measure
    control_change: Measure
    gross_effect: Measure
    net_effect: Measure
    weighted_displacement_quotient: Measure
    total_net_effect: Measure
    weighted_displacement_difference: Measure
    # Structured detail (lists and dicts are left out of label/value rows).
    before: Period = (None, None)
    after: Period = (None, None)
    last_year: Period = (None, None)
    months: list[str] = field(default_factory=list)  # labels, before months then after months
    month_starts: list[datetime.date] = field(default_factory=list)
    monthly: dict[str, list] = field(
        default_factory=dict
    )  # region -> counts per month (None: no such region; a None count: the month not imported)
    months_not_imported: list[datetime.date] = field(default_factory=list)
    chart: dict = field(default_factory=dict)  # marker_index, marker_label
    wdd_interval: tuple | None = None
    notes: list[str] = field(default_factory=list)

    def measures(self) -> dict[str, Measure]:
        return {name: value for name, value in vars(self).items() if isinstance(value, Measure)}

    def as_dict(self) -> dict:
        """JSON-ready: counts per region and period, every measure with its value and text."""
        counts = {}
        for region in REGIONS:
            before = getattr(self, f"{region}_before").value
            after = getattr(self, f"{region}_after").value
            counts[region] = {
                "before": before,
                "after": after,
                "by_month": {
                    d.strftime("%Y-%m"): n
                    for d, n in zip(self.month_starts, self.monthly.get(region) or [], strict=False)
                }
                if self.monthly.get(region) is not None
                else None,
            }
        counts["target"]["same_period_last_year"] = self.target_same_period_last_year.value
        return {
            "area": self.area,
            "family": self.crime_family,
            "periods": {
                "before": [self.before[0].isoformat(), self.before[1].isoformat()],
                "after": [self.after[0].isoformat(), self.after[1].isoformat()],
                "same_period_last_year": [self.last_year[0].isoformat(), self.last_year[1].isoformat()],
                "before_label": self.before_period,
                "after_label": self.after_period,
            },
            "counts": counts,
            "measures": {name: m.as_dict() for name, m in self.measures().items()},
            "wdd_interval": list(self.wdd_interval) if self.wdd_interval else None,
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------- counting


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


def _control_q(area: Area) -> Q | None:
    if not area.control_geometry:
        return None
    box = (area.control_min_lon, area.control_min_lat, area.control_max_lon, area.control_max_lat)
    if None in box:
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
    control_q = _control_q(area) if shapes.control is not None else None
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
    type_array = np.array(types, dtype=object)
    month_array = np.array(months_, dtype=object)
    for key, crime_types in families.items():
        of_family = np.isin(type_array, list(crime_types))
        for region, mask in (("target", in_target), ("buffer", in_buffer), ("control", in_control)):
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


# ---------------------------------------------------------------- periods


def whole_months(period: Period) -> Period:
    return month_start(period[0]), month_end(period[1])


_UNSET = object()


def plan_periods(plan, *, last_imported=_UNSET) -> tuple[Period, Period]:
    """Before and after periods of equal length in whole months for a plan's assessment.

    After runs from the plan's start month to the last month with imported data (at least one
    month); before is the same number of months just before it. A caller that already knows
    the last imported month may pass it (None when nothing is imported).
    """
    start = month_start(plan.start_date)
    last = (
        ImportedMonth.objects.aggregate(last=Max("month"))["last"]
        if last_imported is _UNSET
        else last_imported
    )
    months = 1
    if last is not None and last >= start:
        months = (last.year - start.year) * 12 + last.month - start.month + 1
    after = (start, month_end(add_months(start, months - 1)))
    before = (add_months(start, -months), start - datetime.timedelta(days=1))
    return before, after


# ---------------------------------------------------------------- measures


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else numerator / denominator


def _wdq(R_b, R_a, B_b, B_a, C_b, C_a) -> Measure:
    if C_b is None:
        return Measure(None, f"{NOT_DEFINED_TEXT} (no control area)")
    if B_b is None:
        return Measure(None, f"{NOT_DEFINED_TEXT} (no buffer area)")
    if C_b == 0 or C_a == 0:
        return Measure(None, f"{NOT_DEFINED_TEXT} (no control incidents in a period)")
    if R_b < TOO_FEW:
        return _too_few(R_b)
    # Exact fractions of the counts: in floating point an exact -1 came out as -1.0000000000000002
    # and was read as "below -1".
    denominator = Fraction(R_a, C_a) - Fraction(R_b, C_b)
    if denominator == 0:
        return Measure(None, f"{NOT_DEFINED_TEXT} (the target area did not change relative to the control)")
    value = (Fraction(B_a, C_a) - Fraction(B_b, C_b)) / denominator
    if value > 0:
        meaning = "above 0: diffusion of benefits"
    elif value >= -1:
        meaning = "0 to \u22121: some displacement, a net benefit remains"
    else:
        meaning = "below \u22121: the benefit was displaced away"
    value = half_up(value, 2)  # half away from zero on the exact ratio, as every figure
    return Measure(value, f"{signed(value, 2)} ({meaning})")


def _too_few(R_b) -> Measure:
    """An effect estimated from fewer than TOO_FEW target incidents before is noise, not evidence."""
    return Measure(None, f"{TOO_FEW_TEXT} ({R_b} in the target area before)")


def _wdd(R_b, R_a, C_b, C_a) -> tuple[Measure, tuple | None]:
    if C_b is None:
        return Measure(None, f"{NOT_DEFINED_TEXT} (no control area)"), None
    value = (R_a - R_b) - (C_a - C_b)
    variance = R_a + R_b + C_a + C_b
    half = 1.96 * math.sqrt(variance)
    low, high = half_up(value - half), half_up(value + half)
    # Judged on the exact interval: -19.994 to -0.006 excludes 0 though it prints as -20 to 0.
    if value - half <= 0 <= value + half:
        verdict = "the interval includes 0: not distinguishable from noise"
    elif value + half < 0:
        verdict = "a fall beyond noise, relative to the control"
    else:
        verdict = "a rise beyond noise, relative to the control"
    text = f"{signed(value)} (95% interval {signed(low)} to {signed(high)}; {verdict})"
    return Measure(value, text), (low, high)


def _no_data(months) -> Measure:
    """No comparison across months with no imported data (the figures' notes name every one)."""
    if len(months) <= 3:
        return Measure(None, "no data imported for " + ", ".join(month_label(m) for m in months))
    return Measure(
        None,
        f"no data imported for {len(months)} months between {month_label(months[0])} and {month_label(months[-1])}",
    )


def compute(*, area_name: str, family_name: str, before: Period, after: Period, counts: dict, covered: set):
    """AreaFigures from monthly counts: separated from counting so hand-made sets test every formula."""
    before = whole_months(before)
    after = whole_months(after)
    before_months = months_between(*before)
    after_months = months_between(*after)
    last_year = (add_months(after[0], -12), month_end(add_months(after[1], -12)))
    last_year_months = months_between(*last_year)

    def total(region, months):
        counter = counts.get(region)
        return None if counter is None else sum(counter.get(m, 0) for m in months)

    R_b, R_a = total("target", before_months), total("target", after_months)
    B_b, B_a = total("buffer", before_months), total("buffer", after_months)
    C_b, C_a = total("control", before_months), total("control", after_months)
    R_ly = total("target", last_year_months)

    notes = []
    missing_ly = [m for m in last_year_months if m not in covered]
    if missing_ly:
        sply = Measure(None, f"no data imported for {period_label(*last_year)}")
        R_ly_measure = Measure(None, f"no data imported for {period_label(*last_year)}")
    else:
        sply = percent_change(R_ly, R_a)
        R_ly_measure = count(R_ly)
    missing_after = [m for m in after_months if m not in covered]
    if missing_after and not missing_ly:
        sply = _no_data(missing_after)
    if len(before_months) != len(after_months):
        notes.append(
            f"The periods differ in length ({len(before_months)} and {len(after_months)} months): "
            "the figures compare totals, not monthly rates."
        )
    missing = [m for m in before_months + after_months if m not in covered]
    if missing:
        notes.append("No police.uk data imported for " + ", ".join(month_label(m) for m in missing) + ".")

    no_control = f"{NOT_DEFINED_TEXT} (no control area)"
    no_buffer = f"{NOT_DEFINED_TEXT} (no buffer area)"
    if C_b is None:
        net = Measure(None, no_control)
        tne = Measure(None, no_control)
    else:
        ratio_b, ratio_a = _ratio(R_b, C_b), _ratio(R_a, C_a)
        if ratio_b is None or ratio_a is None:
            net = Measure(None, f"{NOT_DEFINED_TEXT} (no control incidents in a period)")
        elif R_b < TOO_FEW:
            net = _too_few(R_b)
        else:
            net = number(ratio_b - ratio_a, places=3)
        if C_b == 0:
            tne = Measure(None, f"{NOT_DEFINED_TEXT} (no control incidents before)")
        elif B_b is None:
            tne = Measure(None, no_buffer)
        elif R_b < TOO_FEW:
            tne = _too_few(R_b)
        else:
            scale = Fraction(C_a, C_b)  # exact, so the figure rounds half up on its true value
            tne = number((R_b * scale - R_a) + (B_b * scale - B_a), places=1)
    wdd, interval = _wdd(R_b, R_a, C_b, C_a)
    compared = {
        "before_after_change": percent_change(R_b, R_a),
        "buffer_change": percent_change(B_b, B_a) if B_b is not None else Measure(None, no_buffer),
        "control_change": percent_change(C_b, C_a) if C_b is not None else Measure(None, no_control),
        # The WDD needs no threshold: its interval is its own judgement of noise.
        "gross_effect": _too_few(R_b) if R_b < TOO_FEW else number(R_b - R_a, places=0),
        "net_effect": net,
        "weighted_displacement_quotient": _wdq(R_b, R_a, B_b, B_a, C_b, C_a),
        "total_net_effect": tne,
        "weighted_displacement_difference": wdd,
    }
    if missing:
        # A month with no imported data is unknown, not zero: no comparison is made across it.
        compared = {
            name: m if m.text in (no_control, no_buffer) else _no_data(missing)
            for name, m in compared.items()
        }
        interval = None

    months = before_months + after_months
    return AreaFigures(
        area=area_name,
        crime_family=family_name,
        before_period=period_label(*before),
        after_period=period_label(*after),
        target_before=count(R_b),
        target_after=count(R_a),
        buffer_before=count(B_b, missing=no_buffer),
        buffer_after=count(B_a, missing=no_buffer),
        control_before=count(C_b, missing=no_control),
        control_after=count(C_a, missing=no_control),
        target_same_period_last_year=R_ly_measure,
        change_against_same_period_last_year=sply,
        **compared,
        before=before,
        after=after,
        last_year=last_year,
        months=[month_label(m) for m in months],
        month_starts=months,
        # A month with nothing imported is None (a gap in the chart, "no data" in the table),
        # not the 0 of a month imported with no incidents.
        monthly={
            region: (
                None
                if counts.get(region) is None
                else [counts[region].get(m, 0) if m in covered else None for m in months]
            )
            for region in REGIONS
        },
        months_not_imported=[m for m in months if m not in covered],
        chart={
            "marker_index": len(before_months),
            "marker_label": f"Response starts {month_label(after[0])}",
        },
        wdd_interval=interval,
        notes=notes,
    )


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


def _months_for(before: Period, after: Period):
    before = whole_months(before)
    after = whole_months(after)
    last_year = (add_months(after[0], -12), month_end(add_months(after[1], -12)))
    months = sorted(set(months_between(*before) + months_between(*after) + months_between(*last_year)))
    return before, after, months


def area_figures(*, area: Area, family: CrimeFamily, before: Period, after: Period) -> AreaFigures:
    """All figures for an area and crime family over two periods (whole months). Two queries."""
    return area_figures_for_families(area=area, families=[family], before=before, after=after)[0]


def area_figures_for_families(
    *, area: Area, families, before: Period, after: Period, covered: set | None = None
) -> list[AreaFigures]:
    """The same for several families at once: still two queries (incidents, imported months).

    `covered` (the months with imported data) may be passed by a caller that has read it.
    """
    families = list(families)
    before, after, months = _months_for(before, after)
    counts = count_families_by_month(
        area=area, families={f.pk: list(f.crime_types) for f in families}, months=months
    )
    if covered is None:
        covered = imported_months(months)
    return [
        compute(
            area_name=area.name,
            family_name=family.name,
            before=before,
            after=after,
            counts=counts[family.pk],
            covered=covered,
        )
        for family in families
    ]
