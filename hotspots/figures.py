"""Assessment figures for a hotspot area: plain functions, no web dependency.

R = target area, B = buffer ring, C = control area; b = before, a = after (PRODUCT.md,
"Assess: evidence, not opinion"). The database narrows incidents by an indexed bounding
box; shapely decides exactly which region each point falls in, in British National Grid.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np
import shapely
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
    # The WDD's parts (Wheeler and Ratcliffe 2018), each on its own labelled row.
    local_effect: Measure = None
    wdd_variance: Measure = None
    wdd_z: Measure = None
    displacement_control_before: Measure = None
    displacement_control_after: Measure = None
    # "counts" when the periods are of one length, "counts per month" when they differ.
    comparison_basis: str = "counts"
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
    displacement_control_monthly: list | None = None  # Dc by month, as `monthly` (None: no Dc)
    months_missing_for_last_year: list[datetime.date] = field(default_factory=list)

    @property
    def before_missing(self) -> list[datetime.date]:
        """The before period's months not imported: no baseline is offered from it while any is."""
        return [m for m in self.months_not_imported if m <= self.before[1]]

    @property
    def before_missing_text(self) -> str:
        return month_runs(self.before_missing)

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
        counts["displacement_control"] = {
            "before": self.displacement_control_before.value,
            "after": self.displacement_control_after.value,
            "by_month": None
            if self.displacement_control_monthly is None
            else {
                d.strftime("%Y-%m"): n
                for d, n in zip(self.month_starts, self.displacement_control_monthly, strict=False)
            },
        }
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
            "comparison_basis": self.comparison_basis,
            "months_not_imported": [d.strftime("%Y-%m") for d in self.months_not_imported],
            "months_not_imported_last_year": [d.strftime("%Y-%m") for d in self.months_missing_for_last_year],
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

NO_CONTROL = f"{NOT_DEFINED_TEXT} (no control area)"
NO_BUFFER = f"{NOT_DEFINED_TEXT} (no buffer area)"
NO_CONTROL_INCIDENTS = f"{NOT_DEFINED_TEXT} (no control incidents in a period)"
NO_EFFECT = "the response shows no effect relative to the control"
Z_95 = Decimal("1.96")


def _too_few(R_b) -> Measure:
    """An effect estimated from fewer than TOO_FEW target incidents before is noise, not evidence."""
    return Measure(None, f"{TOO_FEW_TEXT} ({R_b} in the target area before)")


def wdq_reading(value: Fraction) -> str:
    """What a WDQ says once the target has improved relative to the control (Guerette, appendix C)."""
    if value > 1:
        return "above +1: diffusion of benefits greater than the direct effect"
    if value > 0:
        return "above 0 up to +1: diffusion of benefits"
    if value == 0:
        return "0: no displacement or diffusion"
    if value > -1:
        return "below 0 down to above \u22121: some displacement, less than the direct benefit"
    if value == -1:
        return "exactly \u22121: displacement cancels the benefit (no net effect)"
    return "below \u22121: displacement greater than the benefit"


def _wdq(R_b, R_a, B_b, B_a, C_b, C_a) -> Measure:
    if C_b is None:
        return Measure(None, NO_CONTROL)
    if B_b is None:
        return Measure(None, NO_BUFFER)
    if C_b == 0 or C_a == 0:
        return Measure(None, NO_CONTROL_INCIDENTS)
    if R_b < TOO_FEW:
        return _too_few(R_b)
    # The success measure R_a/C_a - R_b/C_b, in exact fractions: in floating point an exact -1
    # came out as -1.0000000000000002 and was read as "below -1".
    success = Fraction(R_a, C_a) - Fraction(R_b, C_b)
    if success == 0:
        return Measure(
            None,
            f"{NOT_DEFINED_TEXT} (the target area did not change relative to the control: {NO_EFFECT})",
        )
    value = (Fraction(B_a, C_a) - Fraction(B_b, C_b)) / success
    shown = half_up(value, 2)  # half away from zero on the exact ratio, as every figure
    if success > 0:
        # Read only when the target improved relative to the control; the number may stand.
        return Measure(
            shown,
            f"{signed(shown, 2)} (the target area did not improve relative to the control: {NO_EFFECT}, "
            "so there is no displacement or diffusion to read)",
        )
    return Measure(shown, f"{signed(shown, 2)} ({wdq_reading(value)})")


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _wdd(regions: dict, lengths: tuple[int, int]) -> dict:
    """The full weighted displacement difference (Wheeler and Ratcliffe 2018) and its parts.

    regions: {region: (before, after)} counts, None for a region the area does not have. With
    periods of different length every count becomes a count per month, and its variance (the
    count, as for a Poisson count) is divided by the square of its period's months, as the
    authors' own implementation weights time.
    """
    per_month = lengths[0] != lengths[1]
    n_b, n_a = lengths if per_month else (1, 1)

    def change(region):
        before, after = regions[region]
        return Fraction(after, n_a) - Fraction(before, n_b)

    def variance(region):
        before, after = regions[region]
        return Fraction(before, n_b * n_b) + Fraction(after, n_a * n_a)

    unit = " incidents a month" if per_month else ""
    if regions["control"] is None:
        missing = Measure(None, NO_CONTROL)
        return {"local_effect": missing, "wdd": missing, "variance": missing, "z": missing, "interval": None}
    local = change("target") - change("control")
    local_variance = variance("target") + variance("control")
    with_displacement = regions["buffer"] is not None and regions["displacement_control"] is not None
    value, total_variance = local, local_variance
    if with_displacement:
        value += change("buffer") - change("displacement_control")
        total_variance += variance("buffer") + variance("displacement_control")
    what = "eight counts" if with_displacement else "four counts (no displacement area)"
    if per_month:
        what += ", each divided by the square of its period's months"
    local_measure = number(local, places=1, suffix=unit)
    variance_measure = number(total_variance, places=2)
    variance_measure = Measure(
        variance_measure.value, f"{_plain(variance_measure.value, 2)} (the sum of the {what})"
    )
    if total_variance == 0:
        nothing = Measure(None, f"{NOT_DEFINED_TEXT} (no incidents in any region)")
        return {
            "local_effect": local_measure,
            "wdd": Measure(
                half_up(value, 1),
                f"{signed(half_up(value, 1))}{unit} (no incidents in any region: nothing to judge)",
            ),
            "variance": variance_measure,
            "z": nothing,
            "interval": (half_up(value, 1), half_up(value, 1)),
        }
    exact = _decimal(value)
    spread = _decimal(total_variance).sqrt()
    low, high = exact - Z_95 * spread, exact + Z_95 * spread
    # Judged on the exact interval: -19.994 to -0.006 excludes 0 though it prints as -20 to 0.
    if low <= 0 <= high:
        verdict = "the interval includes 0: not distinguishable from noise"
    elif high < 0:
        verdict = "a fall beyond noise, relative to the control"
    else:
        verdict = "a rise beyond noise, relative to the control"
    shown = half_up(value, 1)
    low_shown, high_shown = half_up(low, 1), half_up(high, 1)
    text = f"{signed(shown)}{unit} (95% interval {signed(low_shown)} to {signed(high_shown)}; {verdict})"
    if not with_displacement:
        text += "; the local term alone, as the area has no displacement area"
    z = half_up(exact / spread, 2)
    return {
        "local_effect": local_measure,
        "wdd": Measure(0.0 if shown == 0 else shown, text),
        "variance": variance_measure,
        "z": Measure(0.0 if z == 0 else z, f"{signed(0.0 if z == 0 else z, 2)} (WDD \u00f7 \u221avariance)"),
        "interval": (low_shown, high_shown),
    }


def _plain(value: float, places: int) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.{places}f}"


def _change(base, new, lengths: tuple[int, int], *, missing: str | None = None) -> Measure:
    """Before/after as a percentage; over periods of different length, of the counts per month."""
    if base is None:
        return Measure(None, missing or NOT_DEFINED_TEXT)
    n_b, n_a = lengths
    if n_b == n_a:
        return percent_change(base, new)
    rates = (
        f"{_plain(half_up(Fraction(base, n_b), 1), 1)} to {_plain(half_up(Fraction(new, n_a), 1), 1)} "
        f"incidents a month: {base:,} in {n_b} months to {new:,} in {n_a}"
    )
    if base == 0:
        return Measure(None, f"{NOT_DEFINED_TEXT} ({rates}: nothing in the base period)")
    if base < TOO_FEW:
        return Measure(None, f"{TOO_FEW_TEXT} ({rates})")
    value = half_up(Fraction(new * n_b, base * n_a) * 100 - 100, 1)
    value = 0.0 if value == 0 else value
    return Measure(value, f"{signed(value)}% ({rates})")


def month_runs(months) -> str:
    """Months named as runs: "Nov 2018", "Nov 2018, Jan\u2013Mar 2019"."""
    runs = []
    for day in sorted(months):
        if runs and add_months(runs[-1][1], 1) == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return ", ".join(period_label(first, last) for first, last in runs)


def _no_data(months) -> Measure:
    """No comparison across months with no imported data: the months are named."""
    return Measure(None, f"no comparison: police.uk data not imported for {month_runs(months)}")


def _partial_count(value, months, missing) -> Measure:
    """A count over a period some of whose months are not imported, said as such."""
    absent = [m for m in months if m in missing]
    if value is None or not absent:
        return None
    if len(absent) == len(months):
        return Measure(None, f"no data imported for {month_runs(absent)}")
    return Measure(
        value,
        f"{value:,} in the {len(months) - len(absent)} of {len(months)} months imported "
        f"(not imported: {month_runs(absent)})",
    )


def compute(*, area_name: str, family_name: str, before: Period, after: Period, counts: dict, covered: set):
    """AreaFigures from monthly counts: separated from counting so hand-made sets test every formula."""
    before = whole_months(before)
    after = whole_months(after)
    before_months = months_between(*before)
    after_months = months_between(*after)
    last_year = (add_months(after[0], -12), month_end(add_months(after[1], -12)))
    last_year_months = months_between(*last_year)
    lengths = (len(before_months), len(after_months))

    def total(region, months):
        counter = counts.get(region)
        return None if counter is None else sum(counter.get(m, 0) for m in months if m in covered)

    R_b, R_a = total("target", before_months), total("target", after_months)
    B_b, B_a = total("buffer", before_months), total("buffer", after_months)
    C_b, C_a = total("control", before_months), total("control", after_months)
    D_b, D_a = total("displacement_control", before_months), total("displacement_control", after_months)
    R_ly = total("target", last_year_months)

    notes = []
    missing = sorted({m for m in before_months + after_months if m not in covered})
    missing_sply = sorted({m for m in last_year_months + after_months if m not in covered})
    # Whole periods only: a month not imported is unknown, not zero.
    sply = _no_data(missing_sply) if missing_sply else percent_change(R_ly, R_a)
    R_ly_measure = _partial_count(R_ly, last_year_months, set(missing_sply)) or count(R_ly)
    per_month = lengths[0] != lengths[1]
    if per_month:
        notes.append(
            f"The periods differ in length ({lengths[0]} and {lengths[1]} months): the changes, the "
            "gross effect and the WDD compare counts per month; the net effect, WDQ and total net "
            "effect are ratios to the control in the same period, which the lengths do not change."
        )
    if missing:
        notes.append(
            f"No police.uk data imported for {month_runs(missing)}: no comparison is made, and "
            "counts are of the months imported only."
        )
    if missing_sply and not missing:
        notes.append(
            f"No police.uk data imported for {month_runs(missing_sply)}: no comparison with the same "
            "period last year."
        )

    if C_b is None:
        net = Measure(None, NO_CONTROL)
        tne = Measure(None, NO_CONTROL)
    elif C_b == 0 or C_a == 0:
        net = Measure(None, NO_CONTROL_INCIDENTS)
        tne = Measure(None, NO_CONTROL_INCIDENTS)
    else:
        net = _too_few(R_b) if R_b < TOO_FEW else number(Fraction(R_b, C_b) - Fraction(R_a, C_a), places=3)
        if B_b is None:
            tne = Measure(None, NO_BUFFER)
        elif R_b < TOO_FEW:
            tne = _too_few(R_b)
        else:
            scale = Fraction(C_a, C_b)  # exact, so the figure rounds half away from zero on its true value
            tne = number((R_b * scale - R_a) + (B_b * scale - B_a), places=1)
    if R_b < TOO_FEW:
        gross = _too_few(R_b)
    elif per_month:
        gross = number(
            Fraction(R_b, lengths[0]) - Fraction(R_a, lengths[1]), places=1, suffix=" incidents a month"
        )
    else:
        gross = number(R_b - R_a, places=0)
    wdd = _wdd(
        {
            "target": (R_b, R_a),
            "control": None if C_b is None else (C_b, C_a),
            "buffer": None if B_b is None else (B_b, B_a),
            "displacement_control": None if D_b is None else (D_b, D_a),
        },
        lengths,
    )
    interval = wdd["interval"]
    compared = {
        "before_after_change": _change(R_b, R_a, lengths),
        "buffer_change": _change(B_b, B_a, lengths, missing=NO_BUFFER),
        "control_change": _change(C_b, C_a, lengths, missing=NO_CONTROL),
        "gross_effect": gross,
        "net_effect": net,
        "weighted_displacement_quotient": _wdq(R_b, R_a, B_b, B_a, C_b, C_a),
        "total_net_effect": tne,
        # The WDD needs no threshold: its interval is its own judgement of noise.
        "weighted_displacement_difference": wdd["wdd"],
        "local_effect": wdd["local_effect"],
        "wdd_variance": wdd["variance"],
        "wdd_z": wdd["z"],
    }
    if missing:
        # Whole periods only: no comparison is made across a month with no imported data.
        compared = {
            name: m if m.text in (NO_CONTROL, NO_BUFFER) else _no_data(missing)
            for name, m in compared.items()
        }
        interval = None

    def region_count(value, months, *, absent=NOT_DEFINED_TEXT):
        if value is None:
            return count(None, missing=absent)
        return _partial_count(value, months, set(missing)) or count(value)

    no_dc = (
        f"{NOT_DEFINED_TEXT} (no control area)"
        if C_b is None
        else f"{NOT_DEFINED_TEXT} (no buffer width or drawn area)"
    )
    months = before_months + after_months
    return AreaFigures(
        area=area_name,
        crime_family=family_name,
        before_period=period_label(*before),
        after_period=period_label(*after),
        target_before=region_count(R_b, before_months),
        target_after=region_count(R_a, after_months),
        buffer_before=region_count(B_b, before_months, absent=NO_BUFFER),
        buffer_after=region_count(B_a, after_months, absent=NO_BUFFER),
        control_before=region_count(C_b, before_months, absent=NO_CONTROL),
        control_after=region_count(C_a, after_months, absent=NO_CONTROL),
        displacement_control_before=region_count(D_b, before_months, absent=no_dc),
        displacement_control_after=region_count(D_a, after_months, absent=no_dc),
        target_same_period_last_year=R_ly_measure,
        change_against_same_period_last_year=sply,
        **compared,
        comparison_basis="counts per month" if per_month else "counts",
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
        displacement_control_monthly=None
        if counts.get("displacement_control") is None
        else [counts["displacement_control"].get(m, 0) if m in covered else None for m in months],
        months_not_imported=[m for m in months if m not in covered],
        months_missing_for_last_year=missing_sply,
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
        _with_caveat(
            compute(
                area_name=area.name,
                family_name=family.described,
                before=before,
                after=after,
                counts=counts[family.pk],
                covered=covered,
            ),
            family,
        )
        for family in families
    ]


def _with_caveat(figures: AreaFigures, family: CrimeFamily) -> AreaFigures:
    if family.caveat:
        figures.notes.insert(0, family.caveat)
    return figures
