"""manage.py patrol_compliance prints the compliance page's figures, worked out by hand."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hotspots import rota_services
from tests.factories import make_patrol

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time


@pytest.fixture
def rota(world):
    owner, pastors = world.users["owner"], world.users["partner_on"]
    # Street Pastors, Fridays 3 and 10 July 2026, 22:00 for 90 minutes: 180 planned minutes.
    rota_services.rota_pattern_create(
        actor=owner,
        area=world.area,
        organisation=pastors.memberships.get().organisation,
        weekdays=[4],
        start_time=T(22, 0),
        minutes=90,
        staff_count=2,
        first_date=D(2026, 7, 3),
        last_date=D(2026, 7, 10),
    )
    make_patrol(area=world.area, logged_by=pastors, date=D(2026, 7, 3), start_time=T(22, 0), minutes=90)
    make_patrol(area=world.area, logged_by=pastors, date=D(2026, 7, 10), start_time=T(23, 0), minutes=45)
    make_patrol(area=world.area, logged_by=pastors, date=D(2026, 7, 8), start_time=T(14, 0), minutes=20)
    return world


def run(*args) -> str:
    out = io.StringIO()
    call_command("patrol_compliance", *args, stdout=out)
    return out.getvalue()


def test_json_gives_hours_and_compliance_per_area_and_organisation(rota):
    document = json.loads(run("--from", "2026-07-01", "--to", "2026-07-31", "--json"))
    # Delivered: 90 on the 3rd, 30 on the 10th (23:00-23:30 of 22:00-23:30) = 120 of 180: 66.7%.
    (row,) = document["by_area_and_organisation"]
    assert row["area"] == "Clock Tower" and row["organisation"] == "Street Pastors"
    assert (row["planned_hours"], row["delivered_hours"], row["compliance_percent"]) == (3.0, 2.0, 66.7)
    assert (row["delivered"], row["part_delivered"], row["missed"]) == (1, 1, 0)
    assert document["visits_outside_slots"] == [
        {
            "area": "Clock Tower",
            "organisation": "Street Pastors",
            "date": "2026-07-08",
            "start_time": "14:00",
            "minutes": 20,
        }
    ]


def test_text_says_the_same(rota):
    text = run("--from", "2026-07-01", "--to", "2026-07-31")
    assert (
        "Clock Tower – Street Pastors: 2.0 of 3.0 planned hours, 66.7% (1 delivered, 1 part-delivered, 0 missed)"
        in text
    )
    assert "Visits outside every slot: 1" in text
    assert "2026-07-08 14:00 Clock Tower – Street Pastors, 20 minutes" in text


def test_an_empty_period_says_so(rota):
    assert "No slots were planned in this period." in run("--from", "2026-01-01", "--to", "2026-01-31")


@pytest.mark.parametrize(
    "args",
    [("--from", "2026-13-01", "--to", "2026-07-31"), ("--from", "2026-07-31", "--to", "2026-07-01")],
)
def test_bad_dates_are_refused(rota, args):
    with pytest.raises(CommandError):
        run(*args)


def test_the_targets_progress_is_printed(rota, settings):
    assert "No funded target is set." in run("--from", "2026-07-01", "--to", "2026-07-31")
    rota_services.funded_target_set(
        actor=rota.users["manager"], first_date=D(2026, 4, 1), last_date=D(2027, 3, 31), hours=100
    )
    document = json.loads(run("--from", "2026-07-01", "--to", "2026-07-31", "--json"))
    # Every patrol from 1 April to today counts: 90 + 45 + 20 minutes = 155 minutes, 2.6 hours.
    assert document["target"]["hours"] == 100
    assert document["target"]["partner_hours"] == 2.6
    assert "Funded target, 1 April 2026 to 31 March 2027: 2 of 100 hours, 2% at" in run(
        "--from", "2026-07-01", "--to", "2026-07-31"
    )


@pytest.fixture
def two_organisations(rota, bid):
    """The rota above, with a police slot in the same area and a BID visit with no slot of its own."""
    owner = rota.users["owner"]
    # Police, Saturday 4 July 2026, 10:00 for 60 minutes: 30 delivered (10:30-11:00).
    rota_services.rota_pattern_create(
        actor=owner,
        area=rota.area,
        organisation=owner.memberships.get().organisation,
        weekdays=[5],
        start_time=T(10, 0),
        minutes=60,
        staff_count=1,
        first_date=D(2026, 7, 4),
        last_date=D(2026, 7, 4),
    )
    make_patrol(area=rota.area, logged_by=owner, date=D(2026, 7, 4), start_time=T(10, 30), minutes=60)
    make_patrol(area=rota.area, logged_by=bid, date=D(2026, 7, 5), start_time=T(21, 0), minutes=50)
    return rota


def test_json_gives_totals_per_area_and_per_organisation(two_organisations):
    document = json.loads(run("--from", "2026-07-01", "--to", "2026-07-31", "--json"))
    # The area: 180 + 60 = 240 planned minutes (4.0 hours), 120 + 30 = 150 delivered (2.5): 62.5%.
    (area,) = document["by_area"]
    assert (area["area"], area["planned_hours"], area["delivered_hours"], area["compliance_percent"]) == (
        "Clock Tower",
        4.0,
        2.5,
        62.5,
    )
    assert (area["slots"], area["delivered"], area["part_delivered"], area["missed"]) == (3, 1, 2, 0)
    by_name = {row["organisation"]: row for row in document["by_organisation"]}
    assert list(by_name) == ["BID Leicester", "Leicestershire Police", "Street Pastors"]
    # BID planned nothing: its one visit (50 minutes) is outside every slot.
    assert (by_name["BID Leicester"]["slots"], by_name["BID Leicester"]["compliance_percent"]) == (0, None)
    assert (
        by_name["BID Leicester"]["visits_outside_slots"],
        by_name["BID Leicester"]["minutes_outside_slots"],
    ) == (
        1,
        50,
    )
    police = by_name["Leicestershire Police"]
    assert (police["planned_hours"], police["delivered_hours"], police["compliance_percent"]) == (
        1.0,
        0.5,
        50.0,
    )
    assert police["visits_outside_slots"] == 0
    pastors = by_name["Street Pastors"]
    assert (pastors["planned_hours"], pastors["delivered_hours"], pastors["compliance_percent"]) == (
        3.0,
        2.0,
        66.7,
    )
    assert (pastors["visits_outside_slots"], pastors["minutes_outside_slots"]) == (1, 20)


def test_text_gives_totals_per_area_and_per_organisation(two_organisations):
    text = run("--from", "2026-07-01", "--to", "2026-07-31")
    assert (
        "By area:\n  Clock Tower: 2.5 of 4.0 planned hours, 62.5% (1 delivered, 2 part-delivered, 0 missed)"
        in text
    )
    assert (
        "By organisation:\n  BID Leicester: no slots planned; 1 visit outside every slot (50 minutes)\n"
        in text
    )
    assert (
        "  Leicestershire Police: 0.5 of 1.0 planned hours, 50.0% (0 delivered, 1 part-delivered, 0 missed)\n"
        in text
    )
    assert (
        "  Street Pastors: 2.0 of 3.0 planned hours, 66.7% (1 delivered, 1 part-delivered, 0 missed); "
        "1 visit outside every slot (20 minutes)\n" in text
    )
    assert "Visits outside every slot: 2" in text


def test_each_organisations_own_target_is_printed(two_organisations):
    from hotspots import target_services

    manager = two_organisations.users["manager"]
    rota_services.funded_target_set(
        actor=manager, first_date=D(2026, 4, 1), last_date=D(2027, 3, 31), hours=100
    )
    pastors = two_organisations.users["partner_on"].memberships.get().organisation
    target_services.organisation_target_set(actor=manager, organisation=pastors, hours=40)
    document = json.loads(run("--from", "2026-07-01", "--to", "2026-07-31", "--json"))
    # Street Pastors' patrols from 1 April to today: 90 + 45 + 20 = 155 minutes, 2.6 hours of 40.
    (own,) = document["target"]["organisations"]
    assert (own["organisation"], own["hours"], own["delivered_hours"]) == ("Street Pastors", 40, 2.6)
    assert own["percent_of_target"] == 6.5  # 155 / 2,400 minutes: 6.46%
    text = run("--from", "2026-07-01", "--to", "2026-07-31")
    assert "Each organisation's own target:\n  Street Pastors: 2 of 40 hours, 6% at" in text
