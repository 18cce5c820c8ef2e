"""Benchmark measure for rota compliance over a whole programme (registered in bench/measure.py):
200 areas, each with a police and a partner rota for 52 weeks, and 100,000 patrols; the
programme's compliance page for the year against a bare view of the same per-week totals
from one query (bench.views.bare_compliance).

The data is made in the measure's own setup, written directly (bulk_create, no audit events),
and removed afterwards so no other measure (the programme report covers every area) sees it.
At the harness's tiny scale (repeat < 3) it is a tenth: 20 areas and 10,000 patrols.
"""

from __future__ import annotations

import datetime
import random

AREAS = 200
PATROLS = 100_000
PREFIX = "Bench rota area"
# 52 weeks from a Monday: the compliance page's longest period is a year.
FIRST = datetime.date(2025, 1, 6)
LAST = FIRST + datetime.timedelta(weeks=52, days=-1)
# Police: Fridays and Saturdays 22:00 for 4 hours; the partner: Saturdays 20:00 for 3 hours.
PATTERNS = (("police", [4, 5], datetime.time(22, 0), 240), ("partner", [5], datetime.time(20, 0), 180))


def _ring(i: int) -> dict:
    lon, lat = -1.20 + (i % 20) * 0.006, 52.60 + (i // 20) * 0.004
    ring = [[lon, lat], [lon + 0.004, lat], [lon + 0.004, lat + 0.0025], [lon, lat + 0.0025], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def build_programme(w, *, areas: int, patrols: int, seed: int = 29) -> dict:
    """The areas, their patterns and slots, and the patrols: some in a slot, some across its
    start or end, some outside every slot, a few slots left with none (missed)."""
    from hotspots.models import Area, PatrolLog, RotaPattern, RotaSlot
    from hotspots.rota import expand
    from hotspots.rota_models import slot_row

    rng = random.Random(seed)
    police = w.owner.memberships.get().organisation
    partner = w.partner_lead.memberships.get().organisation
    by_kind = {"police": (police, w.owner), "partner": (partner, w.partner_lead)}
    made = Area.objects.bulk_create(
        Area(name=f"{PREFIX} {i + 1:03d}", geometry=_ring(i), created_by=w.manager) for i in range(areas)
    )
    made = list(Area.objects.filter(name__startswith=PREFIX).order_by("pk"))
    slots_by_area: dict = {}
    slot_rows = []
    for area in made:
        for kind, weekdays, start, minutes in PATTERNS:
            organisation, _user = by_kind[kind]
            pattern = RotaPattern.objects.create(
                area=area,
                organisation=organisation,
                weekdays=weekdays,
                start_time=start,
                minutes=minutes,
                staff_count=2,
                first_date=FIRST,
                last_date=LAST,
                created_by=w.manager,
            )
            for slot in expand(
                weekdays=weekdays,
                start_time=start,
                minutes=minutes,
                staff_count=2,
                first_date=FIRST,
                last_date=LAST,
            ):
                slots_by_area.setdefault(area.pk, []).append((kind, slot))
                slot_rows.append(slot_row(pattern, slot))
    RotaSlot.objects.bulk_create(slot_rows, batch_size=5000)
    rows = []
    for n in range(patrols):
        area = made[n % len(made)]
        kind, slot = rng.choice(slots_by_area[area.pk])
        organisation, user = by_kind[kind]
        roll = rng.random()
        if roll < 0.6:  # inside the slot
            start = datetime.datetime.combine(slot.date, slot.start_time) + datetime.timedelta(
                minutes=rng.randrange(0, slot.minutes - 30)
            )
            minutes = rng.randrange(20, 90)
        elif roll < 0.8:  # across its start
            start = datetime.datetime.combine(slot.date, slot.start_time) - datetime.timedelta(minutes=30)
            minutes = rng.randrange(40, 120)
        else:  # in the afternoon: outside every slot
            start = datetime.datetime.combine(slot.date, datetime.time(14, rng.randrange(0, 60)))
            minutes = rng.randrange(20, 120)
        rows.append(
            PatrolLog(
                area=area,
                organisation=organisation,
                logged_by=user,
                date=start.date(),
                start_time=start.time(),
                minutes=minutes,
                kind=PatrolLog.Kind.FOOT if kind == "police" else PatrolLog.Kind.PARTNER,
            )
        )
    PatrolLog.objects.bulk_create(rows, batch_size=5000)
    return {"areas": len(made), "slots": len(slot_rows), "patrols": len(rows)}


def remove_programme() -> None:
    """The measure's data gone again (raw deletes: nothing else points at these rows)."""
    from django.db import router

    from hotspots.models import Area, PatrolLog, RotaPattern, RotaSlot

    areas = Area.objects.filter(name__startswith=PREFIX)
    using = router.db_for_write(PatrolLog)
    PatrolLog.objects.filter(area__in=areas)._raw_delete(using)
    RotaSlot.objects.filter(area__in=areas)._raw_delete(using)
    RotaPattern.objects.filter(area__in=areas)._raw_delete(using)
    areas._raw_delete(using)


def measure_compliance(w, *, pages, unavailable) -> dict:
    from django.urls import reverse

    from hotspots.models import Area

    tiny = w.repeat < 3
    remove_programme()  # a run stopped half-way left some behind
    try:
        built = build_programme(
            w, areas=AREAS // 10 if tiny else AREAS, patrols=PATROLS // 10 if tiny else PATROLS
        )
        if not Area.objects.filter(name__startswith=PREFIX).exists():
            raise unavailable("the compliance programme could not be built")
        query = f"?first={FIRST:%Y-%m-%d}&last={LAST:%Y-%m-%d}"
        result = pages(
            w.manager,
            reverse("rota:compliance") + query,
            w.manager,
            reverse("bench_compliance") + query,
            w.repeat,
        )
        result["detail"].update({**built, "period": f"{FIRST} to {LAST}"})
        return result
    finally:
        remove_programme()
