"""The compliance page matches slots and patrols in Python (hotspots.overlap); the SQL forms of the
same rule (hotspots.compliance.slots_with_delivery and visits_outside_slots) still answer the home
page and the claims. Both must agree on every slot and every visit, whatever the data: here a
few weeks of slots across both clock changes against patrols of every shape, drawn at random."""

import datetime
import random

import pytest

from hotspots.compliance import compliance, slots_with_delivery, visits_outside_slots
from hotspots.models import Area, PatrolLog
from hotspots.rota import expand
from hotspots.rota_models import RotaPattern, RotaSlot, slot_row
from tests.factories import make_patrol
from tests.world import SQUARE

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time


def org(user):
    return user.memberships.get().organisation


def plan_slots(area, organisation, weekdays, start, minutes, first, last, *, by):
    """A pattern and its slots written directly (a rota's own rules are tested in test_rota*)."""
    pattern = RotaPattern.objects.create(
        area=area,
        organisation=organisation,
        weekdays=weekdays,
        start_time=start,
        minutes=minutes,
        first_date=first - datetime.timedelta(days=3),
        last_date=last + datetime.timedelta(days=3),
        created_by=by,
    )
    for slot in expand(
        weekdays=weekdays,
        start_time=start,
        minutes=minutes,
        staff_count=1,
        first_date=pattern.first_date,
        last_date=pattern.last_date,
    ):
        slot_row(pattern, slot).save()


@pytest.mark.parametrize(
    "first, last",
    [
        (D(2026, 3, 23), D(2026, 4, 5)),  # the clocks go forward on Sunday 29 March
        (D(2026, 10, 19), D(2026, 11, 1)),  # and back on Sunday 25 October
    ],
)
def test_the_sweep_agrees_with_the_sql_on_every_slot_and_visit(world, bid, first, last):
    owner, pastors = world.users["owner"], world.users["partner_on"]
    elsewhere = Area.objects.create(name="Elsewhere", geometry=SQUARE)
    shapes = [  # (organisation's user, weekdays, start, minutes): late nights, small hours, a full day
        (pastors, [4, 5], T(22, 0), 240),
        (pastors, [6], T(1, 30), 60),
        (owner, [0, 2, 4, 6], T(18, 0), 120),
        (owner, [5], T(0, 0), 24 * 60),
        (bid, [3], T(23, 30), 45),
    ]
    for user, weekdays, start, minutes in shapes:
        for area in (world.area, elsewhere):
            plan_slots(area, org(user), weekdays, start, minutes, first, last, by=owner)
    rng = random.Random(f"{first}")
    for _ in range(250):
        day = first + datetime.timedelta(days=rng.randrange(-3, (last - first).days + 4))
        make_patrol(
            area=rng.choice([world.area, elsewhere]),
            logged_by=rng.choice([owner, pastors, bid]),
            date=day,
            start_time=T(
                rng.randrange(24), rng.choice([0, 15, 30, 45, rng.randrange(60)]), rng.randrange(60)
            ),
            minutes=rng.choice([5, 30, 60, 90, 240, 600, 24 * 60]),
        )

    result = compliance(slots=RotaSlot.objects.all(), patrols=PatrolLog.objects.all(), first=first, last=last)

    by_sql = dict(
        slots_with_delivery(
            RotaSlot.objects.filter(date__gte=first, date__lte=last), PatrolLog.objects.all()
        ).values_list("pk", "delivered")
    )
    assert {slot.pk: slot.delivered_minutes for slot in result.slots} == by_sql
    assert len(by_sql) > 30 and 0 < sum(by_sql.values()) < sum(s.minutes for s in result.slots)
    outside_by_sql = set(
        visits_outside_slots(
            PatrolLog.objects.filter(date__gte=first, date__lte=last), RotaSlot.objects.all()
        ).values_list("pk", flat=True)
    )
    assert [visit["pk"] for visit in result.outside] == list(
        PatrolLog.objects.filter(pk__in=outside_by_sql)
        .order_by("date", "start_time", "pk")
        .values_list("pk", flat=True)
    )
    in_period = PatrolLog.objects.filter(date__gte=first, date__lte=last).count()
    assert 0 < len(outside_by_sql) < in_period
