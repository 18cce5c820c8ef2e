"""hotspots.demo: real months, the three named areas, two quarters of patrols; a second run adds nothing."""

import datetime

import pytest

from audit.models import Event
from hotspots import demo
from hotspots.figures import area_figures
from hotspots.models import Area, CrimeFamily, ImportedMonth, Incident, PatrolLog
from partners import demo as partners_demo
from plans import demo as plans_demo
from plans import demo_tasks

PASSWORD = "demo-password-1"


def load_all():
    """The demo command's order: patrols last, since partners patrol only their plans' areas."""
    partners_demo.load(password=PASSWORD)
    demo.load(password=PASSWORD)
    plans_demo.load(password=PASSWORD)
    demo_tasks.load(password=PASSWORD)
    demo.load_patrols(password=PASSWORD)


pytestmark = pytest.mark.django_db


def test_the_demo_loads_evidence_once():
    load_all()
    counts = (
        Incident.objects.count(),
        Area.objects.count(),
        PatrolLog.objects.count(),
        Event.objects.count(),
    )
    assert ImportedMonth.objects.count() == 5
    assert Incident.objects.count() == 8956 + 8880 + 8380 + 8503 + 8136
    assert set(Area.objects.values_list("name", flat=True)) == {
        plans_demo.CLOCK_TOWER,
        plans_demo.GRANBY,
        plans_demo.ASHBY,
    }
    for area in Area.objects.all():
        assert area.buffer_m == 200 and area.tolerance_m == 50 and area.control_geometry

    q4 = PatrolLog.objects.filter(date__lte=datetime.date(2018, 12, 31))
    q1 = PatrolLog.objects.filter(date__gte=datetime.date(2019, 1, 1), date__lte=datetime.date(2019, 3, 31))
    assert q4.exists() and q4.count() + q1.count() == PatrolLog.objects.count()
    partners = {"Street Pastors", "City Street Wardens", "BID Leicester"}
    assert set(PatrolLog.objects.values_list("organisation__name", flat=True)) == partners | {
        "Leicestershire Police"
    }
    assert (
        q1.filter(organisation__name__in=partners).count()
        > q4.filter(organisation__name__in=partners).count()
    )

    # The areas sit where the data concentrates: real counts, enough to judge.
    clock_tower = Area.objects.get(name=plans_demo.CLOCK_TOWER)
    figures = area_figures(
        area=clock_tower,
        family=CrimeFamily.objects.get(slug="serious-violence"),
        before=(datetime.date(2018, 11, 1), datetime.date(2018, 12, 31)),
        after=(datetime.date(2019, 1, 1), datetime.date(2019, 2, 28)),
    )
    assert figures.target_before.value >= 100 and figures.control_before.value >= 50

    load_all()
    assert (
        Incident.objects.count(),
        Area.objects.count(),
        PatrolLog.objects.count(),
        Event.objects.count(),
    ) == counts
