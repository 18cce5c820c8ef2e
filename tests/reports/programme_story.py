"""A hand-made programme whose every figure is known, for the programme page, CSV and command tests.

The period is July to September 2026 (2026-Q3), compared with April to June 2026 for patrols and
with July to September 2025 for crime. On top of tests/world.py:

Areas: Clock Tower (world.area) holds world.plan and plan3; Gallowtree Gate holds other_plan and plan4.

Patrols                               visits  minutes  staff   Q2 2026      Q3 2026
  police, 15 Jan 2026, Clock Tower       1      120      1     (before: 2.0 h, 2.0 person-h)
  police, Q2, Clock Tower               10       60      2     10.0 h, 20.0
  police, Q3, Clock Tower               12       75      1                  15.0 h, 15.0
  police, Q3, Gallowtree Gate            2       30      2                   1.0 h,  2.0
  pastors, Q3, Clock Tower               4       90      3                   6.0 h, 18.0
  wardens, Q2, Gallowtree Gate           3       20      1      1.0 h, 1.0
  wardens, Q3, Gallowtree Gate           6       53      2                   5.3 h, 10.6
  pastors, 5 Oct 2026 (after the period) 1       60      1     counted nowhere

Crime (police.uk months)          Jul–Sep 2025   Jul–Sep 2026
  serious violence, Clock Tower        20              18
  serious violence, Gallowtree Gate     5               2
  serious violence, outside             7               7   (never counted)
  ASB, Clock Tower                      4               9   (base below 10: too few to judge)

Plans: world.plan Respond, other_plan Scan, plan3 Analyse (past its review date), plan4 Closed.
Tasks overdue today: Street Pastors 1, BID Leicester 1, City Street Wardens 1 (plus some not overdue).
"""

import datetime

from django.utils import timezone

from hotspots.models import Area, CrimeFamily, ImportedMonth, Incident, PatrolLog
from plans.models import Plan, Stage, TaskState
from tests import factories

START, END = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
GALLOWTREE = {
    "type": "Polygon",
    "coordinates": [
        [[-1.1330, 52.6370], [-1.1300, 52.6370], [-1.1300, 52.6390], [-1.1330, 52.6390], [-1.1330, 52.6370]]
    ],
}
CLOCK_TOWER_POINT = (-1.1340, 52.6352)
GALLOWTREE_POINT = (-1.1315, 52.6380)
OUTSIDE_POINT = (-1.1000, 52.6000)

EXPECTED = {
    "police": {
        "visits": 14,
        "patrol_hours": 16.0,
        "person_hours": 17.0,
        "engagements": 24,
        "arrests": 3,
        "stop_searches": 1,
        "asb_powers": 2,
    },
    "partners": {
        "visits": 10,
        "patrol_hours": 11.3,
        "person_hours": 28.6,
        "engagements": 20,
        "arrests": 0,
        "stop_searches": 0,
        "asb_powers": 0,
    },
    "police_since_launch": {"patrol_hours": 28.0, "person_hours": 39.0},
    "partners_since_launch": {"patrol_hours": 12.3, "person_hours": 29.6},
    "police_change": (10.0, 16.0, 60.0),
    "partners_change": (1.0, 11.3, None),
    "serious_violence": (25, 20, -20.0),
    "asb": (4, 9, None),
}


def families():
    serious, _ = CrimeFamily.objects.get_or_create(
        slug="serious-violence",
        defaults={
            "name": "Violence, robbery and weapons",
            "crime_types": ["Violence and sexual offences", "Robbery", "Possession of weapons"],
        },
    )
    asb, _ = CrimeFamily.objects.get_or_create(
        slug="asb", defaults={"name": "Anti-social behaviour", "crime_types": ["Anti-social behaviour"]}
    )
    return serious, asb


def patrols(organisation, user, area, *, on, count, minutes, staff=1, plan=None, **outcomes):
    for n in range(count):
        fields = {name: value(n) if callable(value) else value for name, value in outcomes.items()}
        PatrolLog.objects.create(
            area=area,
            plan=plan,
            organisation=organisation,
            logged_by=user,
            date=on + datetime.timedelta(days=n % 20),
            start_time=datetime.time(22, 0),
            minutes=minutes,
            staff_count=staff,
            kind=PatrolLog.Kind.FOOT,
            **fields,
        )


def incidents(month, point, crime_type, count):
    batch, _ = ImportedMonth.objects.get_or_create(
        force="Leicestershire Police",
        month=month,
        defaults={
            "source_name": f"{month:%Y-%m}-leicestershire-street.csv",
            "rows": 0,
            "rows_without_location": 0,
        },
    )
    Incident.objects.bulk_create(
        Incident(batch=batch, month=month, longitude=point[0], latitude=point[1], crime_type=crime_type)
        for _ in range(count)
    )


def spread(year, point, crime_type, total):
    """`total` incidents over July, August and September of the year."""
    for i, month in enumerate((7, 8, 9)):
        incidents(datetime.date(year, month, 1), point, crime_type, total // 3 + (1 if i < total % 3 else 0))


def build(world, police_org, pastors_org, wardens_org, bid_org):
    families()
    users = world.users
    today = timezone.localdate()
    gallowtree = Area.objects.create(name="Gallowtree Gate", geometry=GALLOWTREE)
    Plan.objects.filter(pk=world.other_plan.pk).update(area=gallowtree)
    plan3 = factories.make_plan(
        owner=users["owner"],
        area=world.area,
        state=Stage.ANALYSE,
        title="Street drinking at the tower",
        next_review_date=today - datetime.timedelta(days=3),
    )
    plan4 = factories.make_plan(
        owner=users["officer2"], area=gallowtree, state=Stage.CLOSED, title="Closed plan"
    )
    # Plans in operation are counted on the period's last day (30 September 2026): the open plans
    # began with the programme, the closed one ended before that day.
    Plan.objects.update(start_date=datetime.date(2026, 1, 15))
    Plan.objects.filter(pk=plan4.pk).update(
        closed_at=datetime.datetime(2026, 8, 1, 12, 0, tzinfo=datetime.UTC)
    )

    officer, pastors, wardens = users["owner"], users["partner_on"], users["partner_off"]
    patrols(police_org, officer, world.area, on=datetime.date(2026, 1, 15), count=1, minutes=120)
    patrols(police_org, officer, world.area, on=datetime.date(2026, 4, 2), count=10, minutes=60, staff=2)
    patrols(
        police_org,
        officer,
        world.area,
        on=datetime.date(2026, 7, 3),
        count=12,
        minutes=75,
        plan=world.plan,
        engagements=2,
        arrests=lambda n: 1 if n < 3 else 0,
        stop_searches=lambda n: 1 if n == 0 else 0,
        asb_powers=lambda n: 2 if n == 1 else 0,
    )
    patrols(police_org, officer, gallowtree, on=datetime.date(2026, 8, 10), count=2, minutes=30, staff=2)
    patrols(
        pastors_org,
        pastors,
        world.area,
        on=datetime.date(2026, 9, 4),
        count=4,
        minutes=90,
        staff=3,
        plan=world.plan,
        engagements=5,
    )
    patrols(wardens_org, wardens, gallowtree, on=datetime.date(2026, 5, 1), count=3, minutes=20)
    patrols(wardens_org, wardens, gallowtree, on=datetime.date(2026, 7, 20), count=6, minutes=53, staff=2)
    patrols(pastors_org, pastors, world.area, on=datetime.date(2026, 10, 5), count=1, minutes=60)

    spread(2025, CLOCK_TOWER_POINT, "Violence and sexual offences", 20)
    spread(2026, CLOCK_TOWER_POINT, "Robbery", 18)
    spread(2025, GALLOWTREE_POINT, "Possession of weapons", 5)
    spread(2026, GALLOWTREE_POINT, "Violence and sexual offences", 2)
    spread(2025, OUTSIDE_POINT, "Violence and sexual offences", 7)
    spread(2026, OUTSIDE_POINT, "Violence and sexual offences", 7)
    spread(2025, CLOCK_TOWER_POINT, "Anti-social behaviour", 4)
    spread(2026, CLOCK_TOWER_POINT, "Anti-social behaviour", 9)
    spread(2026, CLOCK_TOWER_POINT, "Shoplifting", 30)

    factories.make_task(world.plan, pastors_org, due_in_days=-5, title="Overdue pastors task")
    factories.make_task(
        world.plan, bid_org, due_in_days=-2, state=TaskState.IN_PROGRESS, title="Overdue BID task"
    )
    factories.make_task(
        world.other_plan, wardens_org, due_in_days=-1, state=TaskState.BLOCKED, title="Overdue"
    )
    factories.make_task(world.plan, pastors_org, due_in_days=-10, state=TaskState.DONE, title="Done late")
    factories.make_task(
        world.other_plan, wardens_org, due_in_days=-3, state=TaskState.CANCELLED, title="Cancelled"
    )
    return {"gallowtree": gallowtree, "plan3": plan3, "plan4": plan4}
