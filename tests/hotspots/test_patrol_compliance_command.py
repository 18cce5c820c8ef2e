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
