"""The programme report's plans are those in operation during its period: a withdrawn or closed
plan counts in the periods up to the day it ended, and in none after."""

import datetime

import pytest
from django.utils import timezone

from plans.models import Plan, Stage
from reports import programme_pdf
from tests import factories

pytestmark = pytest.mark.django_db

APRIL, JUNE = datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)


def _at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def _plan(world, title, *, start, state=Stage.SCAN, **ended):
    plan = factories.make_plan(
        owner=world.users["owner"], area=world.area, title=title, start_date=start, state=state
    )
    Plan.objects.filter(pk=plan.pk).update(**ended)
    return plan


@pytest.fixture
def plans(world):
    _plan(world, "Running", start=datetime.date(2025, 1, 6))
    _plan(world, "Started in the period", start=datetime.date(2025, 6, 30))
    _plan(world, "Starts after", start=datetime.date(2025, 7, 1))
    _plan(
        world,
        "Withdrawn in 2019",
        start=datetime.date(2019, 1, 7),
        state=Stage.WITHDRAWN,
        withdrawn_at=_at(2019, 3, 12, 10, 0),
    )
    _plan(
        world,
        "Withdrawn the evening before",
        start=datetime.date(2024, 6, 3),
        state=Stage.WITHDRAWN,
        withdrawn_at=_at(2025, 3, 31, 23, 30),
    )
    _plan(
        world,
        "Withdrawn on the first day",
        start=datetime.date(2024, 6, 3),
        state=Stage.WITHDRAWN,
        withdrawn_at=_at(2025, 4, 1, 0, 30),
    )
    _plan(
        world,
        "Withdrawn in May",
        start=datetime.date(2024, 6, 3),
        state=Stage.WITHDRAWN,
        withdrawn_at=_at(2025, 5, 10, 9, 0),
    )
    _plan(
        world,
        "Closed in 2020",
        start=datetime.date(2019, 1, 7),
        state=Stage.CLOSED,
        closed_at=_at(2020, 2, 3, 9, 0),
    )
    _plan(
        world,
        "Closed in June",
        start=datetime.date(2024, 6, 3),
        state=Stage.CLOSED,
        closed_at=_at(2025, 6, 2, 9, 0),
    )


def _titles(context):
    return sorted(plan.title for page in context["areas"] for plan in page["plans"])


def test_a_plan_withdrawn_years_ago_is_not_in_a_later_report(world, plans):
    context = programme_pdf.programme_report_context(user=world.users["manager"], start=APRIL, end=JUNE)
    assert _titles(context) == [
        "Closed in June",
        "Running",
        "Started in the period",
        "Withdrawn in May",
        "Withdrawn on the first day",
    ]
    assert context["plan_count"] == 5


def test_a_withdrawn_plan_counts_in_the_periods_up_to_its_withdrawal(world, plans):
    context = programme_pdf.programme_report_context(
        user=world.users["manager"], start=datetime.date(2019, 1, 1), end=datetime.date(2019, 3, 31)
    )
    assert _titles(context) == ["Closed in 2020", "Withdrawn in 2019"]
    assert context["plan_count"] == 2
