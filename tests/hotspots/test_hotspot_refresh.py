"""The quarterly hotspot refresh: each area with an open plan placed in Scan's ranking over whole
months, beside the top places no open plan covers; police managers only, partners told nothing."""

import datetime

import pytest
from django.urls import reverse

from hotspots import geometry, scan, services
from hotspots.refresh import hotspot_refresh, quarter_just_begun
from plans.models import Plan, Stage
from tests import factories

from .conftest import month
from .scan_helpers import at

pytestmark = pytest.mark.django_db

JAN_2022, FEB_2022 = month(2022, 1), month(2022, 2)
TWO_MONTHS = scan.Window(JAN_2022, FEB_2022)


def _area(officer, name, cell):
    """An area that is exactly one 150 m cell, with an open plan in it."""
    outline = scan.cell_box(cell, 150)
    area = services.area_create(
        actor=officer, name=name, geometry_value=geometry.normalise(geometry.to_wgs84(outline)), tolerance_m=0
    )
    return area, factories.make_plan(owner=officer, area=area)


@pytest.fixture
def city(asb_family, officer):
    """Four busy cells; the Clock Tower (rank 2) and Granby Street (no incidents) have open
    plans, the Market's plan is closed: its cell, the busiest, is not covered."""
    clock, clock_plan = _area(officer, "Clock Tower", (3058, 2030))
    granby, _ = _area(officer, "Granby Street", (3070, 2040))
    market, market_plan = _area(officer, "Market", (3060, 2030))
    Plan.objects.filter(pk=market_plan.pk).update(state=Stage.CLOSED)
    at(3060 * 150 + 75, 2030 * 150 + 75, JAN_2022, 9)  # Market: 9 + 3 = 12, rank 1
    at(3060 * 150 + 75, 2030 * 150 + 75, FEB_2022, 3)
    at(3058 * 150 + 75, 2030 * 150 + 75, JAN_2022, 5)  # Clock Tower: 5 + 5 = 10, rank 2
    at(3058 * 150 + 75, 2030 * 150 + 75, FEB_2022, 5)
    at(3062 * 150 + 75, 2030 * 150 + 75, FEB_2022, 4)  # an uncovered cell, rank 3
    at(3064 * 150 + 75, 2030 * 150 + 75, JAN_2022, 1)  # rank 4
    at(3064 * 150 + 75, 2030 * 150 + 75, month(2021, 12), 50)  # outside the window: not counted
    return clock, granby


def _refresh(family, top=10):
    return hotspot_refresh(
        ranking_kwargs={"family": family, "window": TWO_MONTHS, "kind": scan.CELL, "size": 150, "top": top},
        plans=Plan.objects.all(),
        today=datetime.date(2022, 4, 4),
    )


def test_each_current_area_is_placed_and_the_uncovered_listed(asb_family, city):
    refresh = _refresh(asb_family)
    assert refresh.quarter.code == "2022/23 Q1"
    assert [(s.area.name, [p.key for p in s.places]) for s in refresh.standings] == [
        ("Clock Tower", [(3058, 2030)]),
        ("Granby Street", []),
    ]
    clock, granby = refresh.standings
    assert clock.words == "Best ranked 2; holds 1 of the top 100 (10 incidents)"
    assert granby.words == "Holds none of the top 100 150 m grid cells"
    # The closed plan's Market is a candidate again, with the other uncovered cells, by rank.
    assert [(p.rank, p.key, p.count) for p in refresh.uncovered] == [
        (1, (3060, 2030), 12),
        (3, (3062, 2030), 4),
        (4, (3064, 2030), 1),
    ]
    assert [p.key for p in _refresh(asb_family, top=2).uncovered] == [(3060, 2030), (3062, 2030)]


def test_a_new_quarter_is_said_for_four_weeks():
    assert quarter_just_begun(datetime.date(2026, 10, 1)).code == "2026/27 Q3"
    assert quarter_just_begun(datetime.date(2026, 10, 28)).code == "2026/27 Q3"
    assert quarter_just_begun(datetime.date(2026, 10, 29)) is None


def test_the_page_names_the_window_and_shows_both_lists(client, manager, city):
    client.force_login(manager)
    response = client.get(
        reverse("scan:refresh"),
        {"family": "asb", "start": "2022-01", "end": "2022-02", "kind": "cell", "size": "150"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Jan–Feb 2022" in text
    assert "Best ranked 2; holds 1 of the top 100 (10 incidents)" in text
    assert "Cell 3060, 2030" in text and "Cell 3064, 2030" in text
    assert "top=100" in response.context["scan_url"]


def test_part_months_are_refused_as_scan_refuses_them(client, manager, city):
    client.force_login(manager)
    response = client.get(reverse("scan:refresh"), {"family": "asb", "start": "2022-01-15", "end": "2022-02"})
    assert response.status_code == 400
    assert response.context["refresh"] is None


def test_an_officer_is_refused_and_a_partner_told_nothing(client, officer, pastors, city):
    client.force_login(officer)
    assert client.get(reverse("scan:refresh")).status_code == 403
    client.force_login(pastors)
    assert client.get(reverse("scan:refresh")).status_code == 404


def test_the_managers_home_and_the_scan_page_link_to_it(client, manager, officer, city):
    client.force_login(manager)
    assert reverse("scan:refresh") in client.get(reverse("home")).content.decode()
    assert reverse("scan:refresh") in client.get(reverse("scan:page")).content.decode()
    client.force_login(officer)
    assert reverse("scan:refresh") not in client.get(reverse("scan:page")).content.decode()
