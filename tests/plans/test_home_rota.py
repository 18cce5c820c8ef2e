"""Last week's patrol slots missed or part-delivered on the home page: the manager sees every
organisation's, an officer those of the areas of their open plans, a partner lead its own."""

import datetime

import pytest
from django.utils import timezone

from hotspots import rota_services
from hotspots.models import PatrolLog
from hotspots.rota_selectors import last_week
from plans import home
from tests import factories

pytestmark = pytest.mark.django_db

T = datetime.time


def org(user):
    return user.memberships.get().organisation


@pytest.fixture
def last_weeks_rota(world):
    """Last week: Street Pastors Friday and Saturday 22:00 for 240 minutes (90 patrolled on
    Friday, none on Saturday), the police Wednesday 07:15 for 90 minutes (all patrolled)."""
    monday, sunday = last_week(timezone.localdate())
    pastors, police = org(world.users["partner_on"]), org(world.users["owner"])
    for organisation, weekdays, start, minutes in [
        (pastors, [4, 5], T(22, 0), 240),
        (police, [2], T(7, 15), 90),
    ]:
        rota_services.rota_pattern_create(
            actor=world.users["owner"],
            area=world.area,
            organisation=organisation,
            weekdays=weekdays,
            start_time=start,
            minutes=minutes,
            staff_count=2,
            first_date=monday,
            last_date=sunday,
        )
    friday, wednesday = monday + datetime.timedelta(days=4), monday + datetime.timedelta(days=2)
    # 23:30 to 01:00: 90 minutes of the slot, across midnight.
    factories.make_patrol(
        area=world.area, logged_by=world.users["partner_on"], date=friday, start_time=T(23, 30), minutes=90
    )
    factories.make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=wednesday,
        start_time=T(7, 0),
        minutes=120,
        kind=PatrolLog.Kind.FOOT,
    )
    # Another organisation's patrol over the Saturday slot is not Street Pastors' delivery.
    factories.make_patrol(
        area=world.area,
        logged_by=world.users["partner_off"],
        date=monday + datetime.timedelta(days=5),
        start_time=T(22, 0),
        minutes=240,
    )
    return monday


def _short(listing):
    return [
        (s.organisation.name, s.date.weekday(), s.delivered) for s in listing["short_last_week"]["slots"].rows
    ]


def test_the_manager_sees_every_organisations_short_slots(world, last_weeks_rota):
    listing = home.manager_home(world.users["manager"])
    assert _short(listing) == [("Street Pastors", 4, 90), ("Street Pastors", 5, 0)]
    assert listing["short_last_week"]["first"] == last_weeks_rota


def test_the_officer_sees_those_of_their_own_areas(world, last_weeks_rota):
    assert _short(home.officer_home(world.users["owner"])) == [
        ("Street Pastors", 4, 90),
        ("Street Pastors", 5, 0),
    ]
    assert _short(home.officer_home(world.users["officer2"])) == []  # no open plan of theirs there


def test_the_partner_lead_sees_its_own(world, last_weeks_rota):
    assert _short(home.partner_home(world.users["partner_on"])) == [
        ("Street Pastors", 4, 90),
        ("Street Pastors", 5, 0),
    ]
    assert _short(home.partner_home(world.users["partner_off"])) == []


def test_the_page_says_it_in_words(world, last_weeks_rota, client_for):
    text = client_for(world.users["manager"]).get("/").content.decode()
    assert "Patrol slots missed or short last week (2)" in text
    assert "Part-delivered</strong> 90 of 240 minutes patrolled" in text
    assert "Missed</strong> none of it patrolled" in text
    assert f"/rota/areas/{world.area.pk}/" in text
    partner = client_for(world.users["partner_off"]).get("/").content.decode()
    assert "Our patrol slots missed or short last week (0)" in partner
    assert "Every patrol slot planned for us last week was delivered in full" in partner


def test_a_slot_still_running_is_not_missed(world, client_for):
    """This week's slots are not last week's; a slot is short only once it is over."""
    today = timezone.localdate()
    rota_services.rota_pattern_create(
        actor=world.users["owner"],
        area=world.area,
        organisation=org(world.users["partner_on"]),
        weekdays=list(range(7)),
        start_time=T(0, 0),
        minutes=24 * 60,
        staff_count=1,
        first_date=today - datetime.timedelta(days=14),
        last_date=today + datetime.timedelta(days=7),
    )
    assert home.manager_home(world.users["manager"])["short_last_week"]["slots"].count == 7
