"""Patrol dosage: hours, person-hours, the Koper band, and calendar quarters, in the database."""

import datetime

import pytest

from hotspots.models import PatrolLog
from hotspots.patrols import by_organisation_and_quarter, by_quarter, summarise

pytestmark = pytest.mark.django_db


def log(world, organisation, day, minutes, staff=1, **outcomes):
    return PatrolLog.objects.create(
        area=world.area,
        organisation=organisation,
        logged_by=world.users["owner"],
        date=day,
        start_time=datetime.time(22, 0),
        minutes=minutes,
        staff_count=staff,
        kind=PatrolLog.Kind.FOOT,
        **outcomes,
    )


def test_summary_counts_hours_person_hours_and_the_koper_band(world, police_org, django_assert_num_queries):
    day = datetime.date(2019, 1, 10)
    for minutes in (10, 12, 15, 9, 16, 60, 30, 14, 11, 13):
        log(world, police_org, day, minutes, staff=2, arrests=1 if minutes == 60 else 0, engagements=2)
    with django_assert_num_queries(1):
        summary = summarise(PatrolLog.objects.all())
    assert summary.visits == 10
    assert summary.patrol_hours == round(190 / 60, 1)  # 3.2
    assert summary.person_hours == round(380 / 60, 1)  # 6.3
    assert (summary.engagements, summary.arrests, summary.stop_searches, summary.asb_powers) == (20, 1, 0, 0)
    assert summary.visits_of_10_to_15_minutes.value == 60.0
    assert summary.visits_of_10_to_15_minutes.text == "60% (6 of 10 visits)"


def test_an_empty_summary_is_zero_and_not_defined(db):
    summary = summarise(PatrolLog.objects.none())
    assert (summary.visits, summary.patrol_hours, summary.person_hours) == (0, 0.0, 0.0)
    assert summary.visits_of_10_to_15_minutes.text == "not defined (no visits)"


def test_few_visits_are_too_few_to_judge(world, police_org):
    log(world, police_org, datetime.date(2019, 1, 10), 12)
    assert (
        summarise(PatrolLog.objects.all()).visits_of_10_to_15_minutes.text
        == "too few visits to judge (1 of 1 visits)"
    )


def test_hours_by_organisation_and_calendar_quarter(
    world, police_org, pastors_org, django_assert_num_queries
):
    # Police: 12 hours in Oct-Dec 2018, 18 in Jan-Mar 2019 (+50%); pastors only in Jan-Mar, 3 staff.
    for _ in range(12):
        log(world, police_org, datetime.date(2018, 11, 2), 60, staff=2)
    for _ in range(18):
        log(world, police_org, datetime.date(2019, 3, 31), 60, staff=2)
    log(world, pastors_org, datetime.date(2019, 1, 1), 120, staff=3)
    with django_assert_num_queries(1):
        rows = by_organisation_and_quarter(PatrolLog.objects.all())
    table = {(r.organisation, r.quarter): r for r in rows}
    assert list(table) == [
        ("Leicestershire Police", "Oct\u2013Dec 2018"),
        ("Leicestershire Police", "Jan\u2013Mar 2019"),
        ("Street Pastors", "Oct\u2013Dec 2018"),
        ("Street Pastors", "Jan\u2013Mar 2019"),
    ]
    police_q4 = table[("Leicestershire Police", "Oct\u2013Dec 2018")]
    police_q1 = table[("Leicestershire Police", "Jan\u2013Mar 2019")]
    assert (police_q4.patrol_hours, police_q4.person_hours) == (12.0, 24.0)
    assert police_q4.patrol_hours_change.text == "not defined (no earlier quarter)"
    assert (police_q1.patrol_hours, police_q1.person_hours) == (18.0, 36.0)
    assert police_q1.patrol_hours_change.value == 50.0
    assert police_q1.patrol_hours_change.text == "+50% (12 to 18 hours)"
    assert police_q1.person_hours_change.text == "+50% (24 to 36 hours)"
    pastors_q4 = table[("Street Pastors", "Oct\u2013Dec 2018")]
    pastors_q1 = table[("Street Pastors", "Jan\u2013Mar 2019")]
    assert (pastors_q4.visits, pastors_q4.patrol_hours) == (0, 0.0)
    assert (pastors_q1.patrol_hours, pastors_q1.person_hours) == (2.0, 6.0)
    assert pastors_q1.patrol_hours_change.text == "not defined (0 to 2 hours: nothing in the base period)"

    totals = by_quarter(PatrolLog.objects.all())
    assert [(r.quarter, r.patrol_hours) for r in totals] == [
        ("Oct\u2013Dec 2018", 12.0),
        ("Jan\u2013Mar 2019", 20.0),
    ]


def test_a_small_base_quarter_is_too_few_hours_to_judge(world, police_org):
    log(world, police_org, datetime.date(2019, 3, 1), 120)
    log(world, police_org, datetime.date(2019, 4, 1), 240)
    rows = by_organisation_and_quarter(PatrolLog.objects.all())
    assert rows[1].quarter == "Apr\u2013Jun 2019"
    assert rows[1].patrol_hours_change.text == "too few hours to judge (2 to 4 hours)"


def test_the_quarter_still_running_is_not_compared_with_a_whole_one(world, police_org):
    from django.utils import timezone

    from hotspots.patrols import RUNNING_QUARTER

    today = timezone.localdate()
    first_of_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    last_quarter = first_of_quarter - datetime.timedelta(days=1)
    for _ in range(12):
        log(world, police_org, last_quarter, 60)
    log(world, police_org, today, 60)  # an hour so far: "-92%" would be no news at all
    earlier, running = by_organisation_and_quarter(PatrolLog.objects.all())
    assert running.quarter.endswith("(so far)") and not earlier.quarter.endswith("(so far)")
    assert running.patrol_hours == 1.0
    assert running.patrol_hours_change.value is None
    assert running.patrol_hours_change.text == running.person_hours_change.text == RUNNING_QUARTER
