"""`manage.py demo` plans: every stage represented, and a second run adds nothing."""

import datetime

import pytest

from audit.models import Event
from hotspots.models import Area
from partners import demo as partners_demo
from plans import demo
from plans.models import Plan, Stage
from tests.world import SQUARE

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_areas(db):
    for name in [demo.CLOCK_TOWER, demo.GRANBY, demo.ASHBY]:
        Area.objects.create(name=name, geometry=SQUARE)


def test_the_demo_puts_plans_in_every_stage(demo_areas):
    partners_demo.load(password="demo-password-1")
    demo.load(password="demo-password-1")
    plans = Plan.objects.all()
    assert plans.count() >= 6
    assert {p.state for p in plans} == set(Stage.values)
    assert {p.owner.username for p in plans} == {"officer", "officer2"}
    # Where the shipped police.uk months are, late enough that the before period is imported too.
    assert all(datetime.date(2021, 6, 1) <= p.start_date <= datetime.date(2022, 10, 31) for p in plans)
    assert any(p.review_overdue for p in plans)
    closed = plans.get(state=Stage.CLOSED)
    assert closed.closed_at is not None
    assert Event.objects.filter(action="plan.transition", plan_id=closed.pk).count() == 4


def test_running_the_demo_twice_duplicates_nothing(demo_areas):
    partners_demo.load(password="demo-password-1")
    demo.load(password="demo-password-1")
    counts = (Plan.objects.count(), Event.objects.count())
    demo.load(password="demo-password-1")
    assert (Plan.objects.count(), Event.objects.count()) == counts


def test_without_the_areas_plans_wait_in_scan(db):
    partners_demo.load(password="demo-password-1")
    demo.load(password="demo-password-1")
    assert not Plan.objects.filter(state__in=[Stage.ANALYSE, Stage.RESPOND]).exists()
