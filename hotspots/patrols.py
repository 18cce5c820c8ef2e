"""Patrol dosage: the figures hotspot funds ask forces to return. Computed in the database.

Patrol-hours = minutes / 60 summed; person-hours = minutes x staff / 60 summed.
Quarters are calendar quarters (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.utils import timezone

from .measures import MONTH_ABBR, Measure, half_up, percent_change, share

KOPER_MIN, KOPER_MAX = 10, 15
TOO_FEW_HOURS = 10  # below this many hours in the base quarter a change is not worth a percentage


@dataclass
class PatrolSummary:
    visits: int
    patrol_hours: float
    person_hours: float
    engagements: int
    arrests: int
    stop_searches: int
    asb_powers: int
    visits_of_10_to_15_minutes: Measure  # the Koper curve band, with its counts
    # The exact minutes behind the rounded hours: a total of several summaries is worked out
    # from these, not from their rounded hours.
    minutes: int = 0
    person_minutes: int = 0


def hours(minutes) -> float:
    """Minutes as hours to one place, half up on the exact value: 15 minutes is 0.3 hours."""
    return half_up(Decimal(minutes or 0) / 60)


def summarise(patrols_queryset) -> PatrolSummary:
    """Totals for a set of patrol logs in one aggregate query."""
    totals = patrols_queryset.order_by().aggregate(
        visits=Count("pk"),
        total_minutes=Coalesce(Sum("minutes"), 0),
        staff_minutes=Coalesce(Sum(F("minutes") * F("staff_count")), 0),
        engagements=Coalesce(Sum("engagements"), 0),
        arrests=Coalesce(Sum("arrests"), 0),
        stop_searches=Coalesce(Sum("stop_searches"), 0),
        asb_powers=Coalesce(Sum("asb_powers"), 0),
        koper=Count("pk", filter=Q(minutes__gte=KOPER_MIN, minutes__lte=KOPER_MAX)),
    )
    return PatrolSummary(
        visits=totals["visits"],
        patrol_hours=hours(totals["total_minutes"]),
        person_hours=hours(totals["staff_minutes"]),
        engagements=totals["engagements"],
        arrests=totals["arrests"],
        stop_searches=totals["stop_searches"],
        asb_powers=totals["asb_powers"],
        visits_of_10_to_15_minutes=share(totals["koper"], totals["visits"], unit="visits"),
        minutes=totals["total_minutes"],
        person_minutes=totals["staff_minutes"],
    )


def quarter_label(year: int, quarter: int) -> str:
    first = (quarter - 1) * 3
    return f"{MONTH_ABBR[first]}\u2013{MONTH_ABBR[first + 2]} {year}"


@dataclass
class QuarterRow:
    organisation: str
    quarter: str  # "Jul–Sep 2026" (calendar quarter)
    year: int
    quarter_number: int
    visits: int
    patrol_hours: float
    person_hours: float
    patrol_hours_change: Measure  # against the organisation's previous calendar quarter
    person_hours_change: Measure


RUNNING_QUARTER = "not yet: the quarter is still running"


def _change(previous: int | None, current: int) -> Measure:
    """Quarter on quarter from the exact minutes; the hours beside it as the table shows them."""
    if previous is None:
        return Measure(None, "not defined (no earlier quarter)")
    return percent_change(
        Decimal(previous) / 60,
        Decimal(current) / 60,
        unit="hours",
        threshold=TOO_FEW_HOURS,
        too_few="too few hours to judge",
        shown=(hours(previous), hours(current)),
    )


def _quarters(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    result = []
    year, quarter = first
    while (year, quarter) <= last:
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


def _rows(grouped: list[dict], key) -> list[QuarterRow]:
    if not grouped:
        return []
    quarters = _quarters(
        min((g["year"], g["quarter"]) for g in grouped), max((g["year"], g["quarter"]) for g in grouped)
    )
    by_key: dict = {}
    for g in grouped:
        by_key.setdefault(key(g), {})[(g["year"], g["quarter"])] = g
    today = timezone.localdate()
    running = (today.year, (today.month - 1) // 3 + 1)
    rows = []
    for name in sorted(by_key):
        previous = None
        for year, quarter in quarters:
            g = by_key[name].get((year, quarter), {})
            minutes, staff_minutes = g.get("total_minutes") or 0, g.get("staff_minutes") or 0
            label = quarter_label(year, quarter)
            if (year, quarter) >= running:
                # Part of a quarter against a whole one would read as a fall: it is compared
                # once it is over (as the programme figures do).
                label = f"{label} (so far)"
                changes = (Measure(None, RUNNING_QUARTER),) * 2
            else:
                changes = (
                    _change(previous[0] if previous else None, minutes),
                    _change(previous[1] if previous else None, staff_minutes),
                )
            rows.append(
                QuarterRow(
                    organisation=name,
                    quarter=label,
                    year=year,
                    quarter_number=quarter,
                    visits=g.get("visits", 0),
                    patrol_hours=hours(minutes),
                    person_hours=hours(staff_minutes),
                    patrol_hours_change=changes[0],
                    person_hours_change=changes[1],
                )
            )
            previous = (minutes, staff_minutes)
    return rows


def _grouped(patrols_queryset, *fields):
    return list(
        patrols_queryset.order_by()
        .annotate(year=ExtractYear("date"), quarter=ExtractQuarter("date"))
        .values(*fields, "year", "quarter")
        .annotate(
            visits=Count("pk"),
            total_minutes=Sum("minutes"),
            staff_minutes=Sum(F("minutes") * F("staff_count")),
        )
    )


def by_organisation_and_quarter(patrols_queryset) -> list[QuarterRow]:
    """Patrol- and person-hours per organisation per calendar quarter, with quarter-on-quarter change.

    Every organisation gets a row for every quarter from the first to the last with any patrol
    (zero when it logged none), so each change compares with the quarter just before. One query.
    """
    return _rows(_grouped(patrols_queryset, "organisation__name"), key=lambda g: g["organisation__name"])


def by_quarter(patrols_queryset, label: str = "All organisations") -> list[QuarterRow]:
    """The same, all organisations together. One query."""
    return _rows(_grouped(patrols_queryset), key=lambda g: label)
