"""Assessment figures for a hotspot area: plain functions, no web dependency.

R = target area, B = buffer ring, C = control area; b = before, a = after (PRODUCT.md,
"Assess: evidence, not opinion"). The database narrows incidents by an indexed bounding
box; shapely decides exactly which region each point falls in, in British National Grid
(the counting is in hotspots.figure_counts, the measures they are made into in
hotspots.figure_measures).
"""

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from .figure_counts import count_families_by_month, imported_months
from .figure_measures import (
    NO_BUFFER,
    NO_CONTROL,
    NO_CONTROL_INCIDENTS,
    month_runs,
    no_data,
    partial_count,
    period_change,
    too_few,
    wdd_measures,
    wdq_measure,
)
from .geometry import displacement_control_text
from .measures import (
    NOT_DEFINED_TEXT,
    TOO_FEW,
    Measure,
    Period,
    add_months,
    count,
    month_end,
    month_label,
    month_start,
    months_between,
    number,
    percent_change,
    period_label,
)
from .models import Area, CrimeFamily

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
    # Which Dc was counted: the ring around the control area or the area drawn for it
    # (hotspots.geometry.displacement_control_text); empty for hand-made counts.
    displacement_control_area: str = ""
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
            "displacement_control_area": self.displacement_control_area,
            "months_not_imported": [d.strftime("%Y-%m") for d in self.months_not_imported],
            "months_not_imported_last_year": [d.strftime("%Y-%m") for d in self.months_missing_for_last_year],
            "measures": {name: m.as_dict() for name, m in self.measures().items()},
            "wdd_interval": list(self.wdd_interval) if self.wdd_interval else None,
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------- periods


def whole_months(period: Period) -> Period:
    return month_start(period[0]), month_end(period[1])


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
    sply = no_data(missing_sply) if missing_sply else percent_change(R_ly, R_a)
    R_ly_measure = partial_count(R_ly, last_year_months, set(missing_sply)) or count(R_ly)
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
        net = too_few(R_b) if R_b < TOO_FEW else number(Fraction(R_b, C_b) - Fraction(R_a, C_a), places=3)
        if B_b is None:
            tne = Measure(None, NO_BUFFER)
        elif R_b < TOO_FEW:
            tne = too_few(R_b)
        else:
            scale = Fraction(C_a, C_b)  # exact, so the figure rounds half away from zero on its true value
            tne = number((R_b * scale - R_a) + (B_b * scale - B_a), places=1)
    if R_b < TOO_FEW:
        gross = too_few(R_b)
    elif per_month:
        gross = number(
            Fraction(R_b, lengths[0]) - Fraction(R_a, lengths[1]), places=1, suffix=" incidents a month"
        )
    else:
        gross = number(R_b - R_a, places=0)
    wdd = wdd_measures(
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
        "before_after_change": period_change(R_b, R_a, lengths),
        "buffer_change": period_change(B_b, B_a, lengths, missing=NO_BUFFER),
        "control_change": period_change(C_b, C_a, lengths, missing=NO_CONTROL),
        "gross_effect": gross,
        "net_effect": net,
        "weighted_displacement_quotient": wdq_measure(R_b, R_a, B_b, B_a, C_b, C_a),
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
            name: m if m.text in (NO_CONTROL, NO_BUFFER) else no_data(missing) for name, m in compared.items()
        }
        interval = None

    def region_count(value, months, *, absent=NOT_DEFINED_TEXT):
        if value is None:
            return count(None, missing=absent)
        return partial_count(value, months, set(missing)) or count(value)

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
    used = displacement_control_text(area)
    return [
        _with_dc(
            compute(
                area_name=area.name,
                family_name=family.described,
                before=before,
                after=after,
                counts=counts[family.pk],
                covered=covered,
            ),
            family,
            used,
        )
        for family in families
    ]


def _with_dc(figures: AreaFigures, family: CrimeFamily, used: str) -> AreaFigures:
    figures.displacement_control_area = used
    return _with_caveat(figures, family)


def _with_caveat(figures: AreaFigures, family: CrimeFamily) -> AreaFigures:
    if family.caveat:
        figures.notes.insert(0, family.caveat)
    return figures
