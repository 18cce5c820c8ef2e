"""The programme's figures as values: their limits and words, the dataclasses the page, CSV,
PDF and JSON print, and a percentage change. Who sees what is in `scope`, the aggregate
queries that fill them in `computing` (see the package docstring)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from hotspots.measures import half_up

from ..periods import Period

MIN_BASE = 10
TOO_FEW = "too few incidents to judge"
# As hotspots.patrols judges a quarter's change: below this many hours in the base quarter.
MIN_BASE_HOURS = 10
TOO_FEW_HOURS = "too few hours to judge"
NOT_DEFINED = "not defined"
# Months of the year before with no imported data are unknown, not zero: no percentage then.
NO_DATA_BEFORE = "not defined (incident data missing for the same months a year before)"
NO_DATA_AFTER = "not defined (incident data missing for some months of the period)"
CHART_QUARTERS = 8
MONTHLY_CHART_MONTHS = 12


@dataclass
class Tally:
    label: str
    count: int


@dataclass
class PatrolTotals:
    """Patrols of one group (police, partners, or one organisation) over one period."""

    label: str
    visits: int = 0
    patrol_hours: float = 0.0
    person_hours: float = 0.0
    engagements: int = 0
    arrests: int = 0
    stop_searches: int = 0
    asb_powers: int = 0
    minutes: int = 0  # exact, for totals across groups (the hours above are rounded)
    person_minutes: int = 0


@dataclass
class Change:
    """A before/after comparison with its counts, its periods and its percentage (or why none)."""

    label: str
    unit: str  # "incidents" or "hours"
    before: float | None  # None: no data imported for any of the period (incidents only)
    after: float | None
    before_period: Period
    after_period: Period
    percent: float | None
    judgement: str  # "" when percent is given, else TOO_FEW or NOT_DEFINED
    note: str = ""  # e.g. months of the earlier period with no incident data imported
    caveat: str = ""  # what the crime family cannot tell apart (CrimeFamily.caveat)


@dataclass
class ChartData:
    title: str
    labels: list[str]
    series: dict[str, list[float]]
    marker_index: int | None = None
    marker_label: str = ""


@dataclass
class ProgrammeFigures:
    scope: str  # "programme", "officer" or "organisation"
    scope_label: str
    period: Period
    as_of: datetime.date
    plans_total: int
    plans_in_operation: int  # on in_operation_on, the period's last day (or today)
    plans_review_overdue: int
    plans_by_state: list[Tally]
    plans_by_area: list[Tally]
    tasks_overdue: int
    tasks_overdue_by_organisation: list[Tally]
    patrols: list[PatrolTotals]
    since_launch: Period | None
    patrols_since_launch: list[PatrolTotals]
    hotspot_areas: int
    crime_note: str
    serious_violence: Change | None
    asb: Change | None
    patrol_change: list[Change]
    charts: list[ChartData] = field(default_factory=list)
    in_operation_on: datetime.date | None = None

    @property
    def partner_scope(self) -> bool:
        return self.scope == "organisation"


def percent_change(before, after, *, min_base: int = 0, too_few: str = TOO_FEW) -> tuple[float | None, str]:
    """(after - before) / before as a percentage to one place, or None and the reason."""
    if not before:
        return None, NOT_DEFINED
    if before < min_base:
        return None, too_few
    return half_up((Decimal(str(after)) - Decimal(str(before))) * 100 / Decimal(str(before))), ""
