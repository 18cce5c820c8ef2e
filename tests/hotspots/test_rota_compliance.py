"""Compliance: each slot matched with the same area's and organisation's patrols that overlap it;
the figures below are worked out by hand in the comments."""

import datetime

import pytest

from hotspots import rota_services
from hotspots.compliance import DELIVERED, MISSED, PART_DELIVERED
from hotspots.models import Area, PatrolLog
from hotspots.rota_selectors import compliance_for
from tests.factories import make_patrol
from tests.world import SQUARE

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
WEEK_1, WEEK_2 = D(2026, 6, 29), D(2026, 7, 6)  # Mondays


def org(user):
    return user.memberships.get().organisation


@pytest.fixture
def story(world, bid):
    owner, pastors = world.users["owner"], world.users["partner_on"]
    # Street Pastors: Friday 3 and Saturday 4 July 2026, 22:00 to 02:00 (240 minutes each).
    rota_services.rota_pattern_create(
        actor=owner,
        area=world.area,
        organisation=org(pastors),
        weekdays=[4, 5],
        start_time=T(22, 0),
        minutes=240,
        staff_count=2,
        first_date=D(2026, 7, 3),
        last_date=D(2026, 7, 4),
    )
    # Police: Sundays 5 and 12 July, 10:00 to 11:00.
    rota_services.rota_pattern_create(
        actor=owner,
        area=world.area,
        organisation=org(owner),
        weekdays=[6],
        start_time=T(10, 0),
        minutes=60,
        staff_count=1,
        first_date=D(2026, 7, 5),
        last_date=D(2026, 7, 12),
    )
    elsewhere = Area.objects.create(name="Elsewhere", geometry=SQUARE)

    def patrol(user, date, start, minutes, area=world.area):
        return make_patrol(area=area, logged_by=user, date=date, start_time=start, minutes=minutes)

    # Friday's slot (22:00-02:00), Street Pastors:
    patrol(pastors, D(2026, 7, 3), T(22, 30), 60)  # wholly inside: 60
    patrol(pastors, D(2026, 7, 3), T(23, 45), 30)  # across midnight, inside: 30
    patrol(pastors, D(2026, 7, 4), T(1, 30), 60)  # over the end, dated the next day: 30 (01:30-02:00)
    patrol(pastors, D(2026, 7, 3), T(21, 30), 60)  # over the start: 30 (22:00-22:30)
    # -> 150 of 240 minutes: part-delivered.
    # Saturday's slot: only others' patrols, so missed.
    patrol(bid, D(2026, 7, 4), T(22, 0), 240)  # another organisation: outside every slot
    patrol(pastors, D(2026, 7, 4), T(22, 0), 240, area=elsewhere)  # another area: outside every slot
    # Police, Sunday 5th 10:00-11:00: a three-hour patrol covers it, capped at 60. The 12th: missed.
    patrol(owner, D(2026, 7, 5), T(9, 0), 180)
    # Street Pastors on Monday 6th at noon: no slot then.
    patrol(pastors, D(2026, 7, 6), T(12, 0), 30)
    return world


def test_each_slot_is_delivered_part_delivered_or_missed(story):
    result = compliance_for(story.users["manager"], first=D(2026, 7, 1), last=D(2026, 7, 12))
    assert [(s.organisation, s.date.day, s.delivered_minutes, s.status) for s in result.slots] == [
        ("Leicestershire Police", 5, 60, DELIVERED),
        ("Leicestershire Police", 12, 0, MISSED),
        ("Street Pastors", 3, 150, PART_DELIVERED),
        ("Street Pastors", 4, 0, MISSED),
    ]
    assert result.slots[2].status_words == "Part-delivered (150 of 240 minutes)"


def test_totals_per_area_organisation_and_week(story):
    result = compliance_for(story.users["owner"], first=D(2026, 7, 1), last=D(2026, 7, 12))
    pastors = result.by_area_organisation[("Clock Tower", "Street Pastors")]
    # 480 planned minutes (8.0 hours), 150 delivered (2.5 hours): 31.25%, 31.3 to one place.
    assert (pastors.planned_hours, pastors.delivered_hours, pastors.compliance) == (8.0, 2.5, 31.3)
    assert (pastors.delivered, pastors.part_delivered, pastors.missed) == (0, 1, 1)
    police = result.by_area_organisation[("Clock Tower", "Leicestershire Police")]
    assert (police.planned_minutes, police.delivered_minutes, police.compliance) == (120, 60, 50.0)
    # 600 planned, 210 delivered: 35.0%.
    assert (result.total.planned_minutes, result.total.delivered_minutes, result.total.compliance) == (
        600,
        210,
        35.0,
    )
    weeks = {key: totals.compliance for key, totals in result.by_week.items()}
    assert weeks == {
        (WEEK_1, "Clock Tower", "Leicestershire Police"): 100.0,
        (WEEK_1, "Clock Tower", "Street Pastors"): 31.3,
        (WEEK_2, "Clock Tower", "Leicestershire Police"): 0.0,
    }


def test_visits_outside_any_slot_are_shown_apart(story):
    result = compliance_for(story.users["manager"], first=D(2026, 7, 1), last=D(2026, 7, 12))
    outside = {
        (v["area__name"], v["organisation__name"], v["date"].day, v["minutes"]) for v in result.outside
    }
    assert outside == {
        ("Clock Tower", "BID Leicester", 4, 240),
        ("Elsewhere", "Street Pastors", 4, 240),
        ("Clock Tower", "Street Pastors", 6, 30),
    }
    assert result.outside_by_area_organisation[("Clock Tower", "Street Pastors")] == 30


def test_a_partner_lead_sees_only_its_own_organisations_slots_and_visits(story):
    result = compliance_for(story.users["partner_on"], first=D(2026, 7, 1), last=D(2026, 7, 12))
    assert {s.organisation for s in result.slots} == {"Street Pastors"}
    assert (result.total.planned_minutes, result.total.delivered_minutes) == (480, 150)
    # Its visit in an area of no plan of its own is not its to see here.
    assert [(v["area__name"], v["date"].day) for v in result.outside] == [("Clock Tower", 6)]


def test_a_partner_lead_not_on_the_plan_sees_nothing(story):
    result = compliance_for(story.users["partner_off"], first=D(2026, 7, 1), last=D(2026, 7, 12))
    assert result.slots == [] and result.outside == [] and result.total.compliance is None


def test_the_period_is_the_slots_start_dates(story):
    result = compliance_for(story.users["manager"], first=D(2026, 7, 4), last=D(2026, 7, 5))
    assert [(s.organisation, s.date.day) for s in result.slots] == [
        ("Leicestershire Police", 5),
        ("Street Pastors", 4),
    ]
    # The patrol over the end of Friday's slot, dated the 4th, is in that slot, not outside.
    outside = {(v["area__name"], v["organisation__name"], v["date"].day) for v in result.outside}
    assert outside == {("Clock Tower", "BID Leicester", 4), ("Elsewhere", "Street Pastors", 4)}


def test_a_whole_programme_takes_two_queries(story, django_assert_num_queries):
    for week in range(10):
        make_patrol(
            area=story.area,
            logged_by=story.users["partner_on"],
            date=D(2026, 7, 3) + datetime.timedelta(days=7 * week),
            start_time=T(22, 0),
            minutes=10,
            kind=PatrolLog.Kind.FOOT,
        )
    manager = story.users["manager"]
    manager.refresh_from_db()
    compliance_for(manager, first=D(2026, 7, 1), last=D(2026, 9, 30))  # roles read once per request
    with django_assert_num_queries(2):
        compliance_for(manager, first=D(2026, 7, 1), last=D(2026, 9, 30))
