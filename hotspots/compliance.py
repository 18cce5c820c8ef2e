"""Rota compliance: each planned slot matched with the patrols that overlap it, in the database.

A patrol counts towards a slot when it is in the same area, of the same organisation, and its
time overlaps the slot's. Both are measured the same way: the wall-clock start in Europe/London
as minutes since 1970-01-01 00:00 (hotspots.rota.local_minutes, and `LocalMinutes` below for a
patrol's date and start time in SQL) plus the real minutes. A slot's delivered minutes are the
minutes of it covered by its patrols, summed and capped at the slot's length: two patrols of the
same organisation walking the same hour together are one hour of the slot delivered, at most.

The compliance page and command read the period's slots and patrols in two plain queries and match
them in Python (`compliance`, hotspots.overlap); the per area, organisation and week totals are
sums of those rows. The SQL forms below (`slots_with_delivery`, `visits_outside_slots`) answer
the smaller questions: last week's slots short of delivery, the visits of a claim.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from .measures import half_up
from .overlap import match
from .rota import week_start

DELIVERED, PART_DELIVERED, MISSED = "delivered", "part-delivered", "missed"
STATUS_WORDS = {DELIVERED: "Delivered", PART_DELIVERED: "Part-delivered", MISSED: "Missed"}


class LocalMinutes(Func):
    """A date and a time of day as whole minutes since 1970-01-01 00:00, read as a naive wall clock."""

    output_field = BigIntegerField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(CAST(strftime('%%%%s', %(expressions)s) AS INTEGER) / 60)",
            arg_joiner=" || ' ' || ",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS BIGINT) / 60)",
            arg_joiner=" + ",
            **extra,
        )


class ShiftDays(Func):
    """A date some whole days later (or earlier) as a date, so it compares by equality with a date column."""

    output_field = DateField()
    arity = 1

    def __init__(self, expression, days: int, **extra):
        self.days = int(days)
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=f"date(%(expressions)s, '{self.days:+d} days')", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=f"(%(expressions)s + {self.days:d})", **extra)


def with_local_times(patrols):
    """Patrols annotated with p_start and p_end: their local minutes, as slots have them."""
    start = LocalMinutes("date", "start_time")
    return patrols.annotate(
        p_start=start,
        p_end=ExpressionWrapper(start + F("minutes"), output_field=BigIntegerField()),
    )


def slots_with_delivery(slots, patrols):
    """The slots annotated with `delivered` minutes: their overlap with `patrols`, capped at their length.

    The date bounds let the (area, date) index narrow the patrols first: a patrol and a slot are
    each at most a day long, so they overlap only when they start within a day of each other.
    """
    overlap = (
        with_local_times(
            patrols.filter(
                area=OuterRef("area"),
                organisation=OuterRef("organisation"),
                date__gte=ShiftDays(OuterRef("date"), -1),
                date__lte=ShiftDays(OuterRef("date"), 1),
            )
        )
        .filter(p_start__lt=OuterRef("local_end"), p_end__gt=OuterRef("local_start"))
        .order_by()
        .annotate(
            covered=ExpressionWrapper(
                Least(F("p_end"), OuterRef("local_end")) - Greatest(F("p_start"), OuterRef("local_start")),
                output_field=BigIntegerField(),
            )
        )
        .values("area")
        .annotate(total=Sum("covered"))
        .values("total")
    )
    return slots.annotate(
        delivered=Least(
            Coalesce(Subquery(overlap, output_field=BigIntegerField()), Value(0)),
            F("minutes"),
            output_field=IntegerField(),
        )
    )


def visits_outside_slots(patrols, slots):
    """The patrols that overlap no slot of their own area and organisation.

    A slot and a patrol each last at most a day, so a slot that overlaps a patrol starts the
    day before it, the same day or the day after: one test per day, each an equality on
    (area, organisation, date) the database can answer with a hash join rather than testing
    every slot of the area against every patrol.
    """
    found = with_local_times(patrols)
    for days in (-1, 0, 1):
        date = ShiftDays(OuterRef("date"), days) if days else OuterRef("date")
        found = found.filter(
            ~Exists(
                slots.filter(
                    area=OuterRef("area"),
                    organisation=OuterRef("organisation"),
                    date=date,
                    local_start__lt=OuterRef("p_end"),
                    local_end__gt=OuterRef("p_start"),
                )
            )
        )
    return found


def status(delivered: int, minutes: int) -> str:
    if delivered >= minutes:
        return DELIVERED
    return PART_DELIVERED if delivered > 0 else MISSED


def percent(delivered: int, planned: int) -> float | None:
    """Delivered as a share of planned, to one place (None when nothing was planned)."""
    if not planned:
        return None
    return half_up(Decimal(delivered) * 100 / Decimal(planned))


@dataclass
class Totals:
    planned_minutes: int = 0
    delivered_minutes: int = 0
    slots: int = 0
    delivered: int = 0
    part_delivered: int = 0
    missed: int = 0

    def add(self, minutes: int, delivered: int) -> None:
        self.planned_minutes += minutes
        self.delivered_minutes += delivered
        self.slots += 1
        result = status(delivered, minutes)
        if result == DELIVERED:
            self.delivered += 1
        elif result == PART_DELIVERED:
            self.part_delivered += 1
        else:
            self.missed += 1

    def merge(self, other: "Totals") -> None:
        self.planned_minutes += other.planned_minutes
        self.delivered_minutes += other.delivered_minutes
        self.slots += other.slots
        self.delivered += other.delivered
        self.part_delivered += other.part_delivered
        self.missed += other.missed

    @property
    def planned_hours(self) -> float:
        return half_up(Decimal(self.planned_minutes) / 60)

    @property
    def delivered_hours(self) -> float:
        return half_up(Decimal(self.delivered_minutes) / 60)

    @property
    def compliance(self) -> float | None:
        return percent(self.delivered_minutes, self.planned_minutes)

    def as_dict(self) -> dict:
        return {
            "planned_hours": self.planned_hours,
            "delivered_hours": self.delivered_hours,
            "compliance_percent": self.compliance,
            "slots": self.slots,
            "delivered": self.delivered,
            "part_delivered": self.part_delivered,
            "missed": self.missed,
        }


@dataclass
class SlotResult:
    pk: int
    area: str
    organisation: str
    date: datetime.date
    start_time: datetime.time
    minutes: int
    staff_count: int
    delivered_minutes: int

    @property
    def status(self) -> str:
        return status(self.delivered_minutes, self.minutes)

    @property
    def status_words(self) -> str:
        words = STATUS_WORDS[self.status]
        if self.status == PART_DELIVERED:
            return f"{words} ({self.delivered_minutes} of {self.minutes} minutes)"
        return words


@dataclass
class Compliance:
    first: datetime.date
    last: datetime.date
    slots: list[SlotResult]
    total: Totals
    by_area_organisation: dict  # (area name, organisation name) -> Totals
    by_week: dict  # (week's Monday, area name, organisation name) -> Totals
    outside: list  # dicts of the visits outside every slot
    outside_by_area_organisation: dict = field(default_factory=dict)  # (area, organisation) -> minutes
    by_area: dict = field(default_factory=dict)  # area name -> Totals, every organisation's slots
    by_organisation: dict = field(default_factory=dict)  # organisation name -> Totals, in every area


def _sums(totals: dict, key) -> dict:
    """The totals summed by `key` of each one's key, in order."""
    sums: dict = defaultdict(Totals)
    for each, those in totals.items():
        sums[key(each)].merge(those)
    return dict(sorted(sums.items()))


# What a slot's row and a patrol's row both begin with, in this order (the sweep reads them by place).
_ROW_COLUMNS = (
    "pk",
    "area_id",
    "organisation_id",
    "area__name",
    "organisation__name",
    "date",
    "start_time",
    "minutes",
)


def compliance(*, slots, patrols, first: datetime.date, last: datetime.date) -> Compliance:
    """Compliance of the slots starting from `first` to `last` (local dates, inclusive), against `patrols`.

    Both querysets are already filtered by who is asking (hotspots.rota_selectors). Two queries:
    the slots and the patrols dated from the day before `first` to the day after `last` (all
    that can overlap a slot of the period, and all the slots a visit of the period can be in),
    matched in Python (hotspots.overlap) rather than by a subquery per slot.
    """
    before, after = first - datetime.timedelta(days=1), last + datetime.timedelta(days=1)
    slot_rows = list(
        slots.filter(date__gte=before, date__lte=after)
        .order_by("area__name", "organisation__name", "starts_at")
        .values_list(*_ROW_COLUMNS, "staff_count", "local_start", "local_end")
    )
    patrol_rows = list(
        patrols.filter(date__gte=before, date__lte=after)
        .order_by("date", "start_time", "pk")
        .values_list(*_ROW_COLUMNS, "kind")
    )
    covered, inside = match(
        [((row[1], row[2]), row[5], row[9], row[10]) for row in slot_rows],
        [((row[1], row[2]), row[5], row[6], row[7]) for row in patrol_rows],
    )
    results = [
        SlotResult(pk, area, organisation, date, start_time, minutes, staff, min(delivered, minutes))
        for (pk, _a, _o, area, organisation, date, start_time, minutes, staff, _s, _e), delivered in zip(
            slot_rows, covered, strict=True
        )
        if first <= date <= last
    ]
    by_week: dict = defaultdict(Totals)
    for slot in results:
        by_week[(week_start(slot.date), slot.area, slot.organisation)].add(
            slot.minutes, slot.delivered_minutes
        )
    by_pair = _sums(by_week, lambda key: key[1:])
    total = Totals()
    for totals in by_pair.values():
        total.merge(totals)
    # A visit late on the last day inside a slot of the next is in a slot: every slot fetched counts.
    outside = [
        {
            "pk": pk,
            "area__name": area,
            "organisation__name": organisation,
            "date": date,
            "start_time": start_time,
            "minutes": minutes,
            "kind": kind,
        }
        for (pk, _a, _o, area, organisation, date, start_time, minutes, kind), hit in zip(
            patrol_rows, inside, strict=True
        )
        if not hit and first <= date <= last
    ]
    outside_minutes: dict = defaultdict(int)
    for visit in outside:
        outside_minutes[(visit["area__name"], visit["organisation__name"])] += visit["minutes"]
    return Compliance(
        first=first,
        last=last,
        slots=results,
        total=total,
        by_area_organisation=by_pair,
        by_week=dict(sorted(by_week.items())),
        outside=outside,
        outside_by_area_organisation=dict(outside_minutes),
        by_area=_sums(by_pair, lambda key: key[0]),
        by_organisation=_sums(by_pair, lambda key: key[1]),
    )
