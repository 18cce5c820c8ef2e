"""The funded target: set by a manager only, audited; progress at the start, middle and end,
worked out by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import Event
from hotspots import rota_services
from hotspots.models import PatrolLog
from hotspots.target import Progress, progress
from partners.refusals import Refused
from tests.factories import make_patrol

D = datetime.date
# A year of 365 days: 1 April 2026 to 31 March 2027, 13,000 hours.
YEAR = {"target_hours": 13_000, "first": D(2026, 4, 1), "last": D(2027, 3, 31)}


def test_before_the_period_nothing_is_projected():
    p = Progress(**YEAR, today=D(2026, 3, 31), police_minutes=0, partner_minutes=0)
    assert (p.days_gone, p.percent_of_period, p.projected_hours) == (0, 0.0, None)
    # 13,000 hours over 365 days: 13,000 x 7 / 365 = 249.3 a week.
    assert p.needed_per_week == 249.3


def test_on_the_first_day():
    p = Progress(**YEAR, today=D(2026, 4, 1), police_minutes=600, partner_minutes=120)
    # 12 hours on day 1 of 365: projection 12 x 365 = 4,380; 12,988 still needed over 364 days.
    assert (p.delivered_hours, p.projected_hours) == (12.0, 4380.0)
    assert p.needed_per_week == 249.8  # 12,988 x 7 / 364 = 249.769...
    assert p.percent_of_period == 0.3  # 1/365 = 0.27%


def test_in_the_middle_as_a_pcc_reports_it():
    # 175 of 365 days gone (to 22 September 2026); 6,800 hours: 4,000 police, 2,800 partners.
    p = Progress(**YEAR, today=D(2026, 9, 22), police_minutes=4000 * 60, partner_minutes=2800 * 60)
    assert p.days_gone == 175
    assert (p.police_hours, p.partner_hours, p.delivered_hours) == (4000.0, 2800.0, 6800.0)
    assert p.percent_of_target == 52.3  # 6,800 / 13,000 = 52.31%
    assert p.percent_of_period == 47.9  # 175 / 365 = 47.95%
    assert p.words() == "6,800 of 13,000 hours, 52% at 48% of the funded period"
    # 6,200 left over 190 days: 6,200 x 7 / 190 = 228.42 a week; at the rate so far 6,800 x 365 / 175.
    assert p.needed_per_week == 228.4
    assert p.projected_hours == 14182.9


def test_at_and_after_the_end():
    last_day = Progress(**YEAR, today=D(2027, 3, 31), police_minutes=13_500 * 60, partner_minutes=0)
    assert (last_day.percent_of_period, last_day.needed_per_week, last_day.projected_hours) == (
        100.0,
        None,
        13500.0,
    )
    after = Progress(**YEAR, today=D(2027, 6, 1), police_minutes=60, partner_minutes=0)
    assert after.days_gone == 365 and after.needed_per_week is None


def test_the_sentences_at_the_start_middle_and_end():
    before = Progress(**YEAR, today=D(2026, 3, 31), police_minutes=0, partner_minutes=0)
    assert before.sentences() == [
        "The funded period, 1 April 2026 to 31 March 2027, for 13,000 patrol hours, starts on "
        "1 April 2026: no hours count towards it before then."
    ]
    first_day = Progress(**YEAR, today=D(2026, 4, 1), police_minutes=600, partner_minutes=120)
    assert first_day.sentences() == [
        "Funded patrol hours, 1 April 2026 to 31 March 2027: 12 of 13,000 hours, 0% at 0% of the "
        "funded period, as at 1 April 2026.",
        "Police 10 hours, partners 2 hours.",
        # 12,988 x 7 / 364 = 249.77, rounded up; 12 x 7 / 1 = 84.
        "250 hours a week are needed from 2 April 2026 to reach the target, against 84 hours a week so far.",
        "Too early to project: fewer than 4 weeks of the funded period have passed.",
    ]
    middle = Progress(**YEAR, today=D(2026, 9, 22), police_minutes=4000 * 60 + 30, partner_minutes=2800 * 60)
    assert middle.sentences() == [
        "Funded patrol hours, 1 April 2026 to 31 March 2027: 6,800 of 13,000 hours, 52% at 48% of the "
        "funded period, as at 22 September 2026.",
        "Police 4,000.5 hours, partners 2,800 hours.",
        # 6,199.5 x 7 / 190 = 228.4, rounded up; 6,800.5 x 7 / 175 = 272.02.
        "229 hours a week are needed from 23 September 2026 to reach the target, against 272 hours a week so far.",
        # 6,800.5 x 365 / 175 = 14,183.9: shown rounded down.
        "At 272 hours a week so far, about 14,183 hours by 31 March 2027, which would reach the target: "
        "a straight line from the weeks so far, not a forecast.",
    ]
    slow = Progress(**YEAR, today=D(2026, 9, 22), police_minutes=2000 * 60, partner_minutes=1000 * 60)
    # 3,000 x 365 / 175 = 6,257.1; 13,000 - 6,257.1 = 6,742.9, rounded up.
    assert slow.sentences()[-1] == (
        "At 120 hours a week so far, about 6,257 hours by 31 March 2027, 6,743 hours short of the target: "
        "a straight line from the weeks so far, not a forecast."
    )
    last_day = Progress(**YEAR, today=D(2027, 3, 31), police_minutes=12_000 * 60, partner_minutes=30)
    assert last_day.sentences()[2:] == ["The funded period ends today, 1,000 hours short of the target."]
    after = Progress(**YEAR, today=D(2027, 4, 2), police_minutes=13_500 * 60, partner_minutes=0)
    assert after.sentences()[0].endswith(
        "13,500 of 13,000 hours, 103% at 100% of the funded period, as at 31 March 2027."
    )
    assert after.sentences()[2:] == ["The target is reached: 13,500 hours delivered."]


def test_the_words_never_round_up_to_a_target_not_reached():
    almost = Progress(**YEAR, today=D(2027, 4, 2), police_minutes=13_000 * 60 - 1, partner_minutes=0)
    assert almost.words() == "12,999 of 13,000 hours, 99% at 100% of the funded period"
    assert almost.sentences()[2] == "The funded period ended 1 hour short of the target."


def test_reached_early_needs_nothing_more():
    p = Progress(**YEAR, today=D(2026, 12, 1), police_minutes=13_000 * 60, partner_minutes=60)
    assert p.needed_per_week == 0.0


@pytest.mark.django_db
def test_progress_counts_police_and_partner_hours_apart_in_the_period(world):
    target = rota_services.funded_target_set(
        actor=world.users["manager"], first_date=D(2026, 4, 1), last_date=D(2027, 3, 31), hours=100
    )
    make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=D(2026, 5, 1),
        minutes=90,
        kind=PatrolLog.Kind.FOOT,
    )
    make_patrol(area=world.area, logged_by=world.users["partner_on"], date=D(2026, 5, 2), minutes=30)
    make_patrol(
        area=world.area, logged_by=world.users["partner_on"], date=D(2026, 3, 31), minutes=45
    )  # before
    make_patrol(
        area=world.area, logged_by=world.users["partner_on"], date=D(2026, 6, 2), minutes=45
    )  # after today
    p = progress(target, patrols=PatrolLog.objects.all(), today=D(2026, 6, 1))
    assert (p.police_minutes, p.partner_minutes) == (90, 30)
    assert p.percent_of_target == 2.0


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_only_a_manager_sets_the_target(world, persona):
    with pytest.raises(Refused):
        rota_services.funded_target_set(
            actor=world.users[persona], first_date=D(2026, 4, 1), last_date=D(2027, 3, 31), hours=13_000
        )
    assert Event.objects.filter(action="target.set.refused").count() == 1


@pytest.mark.django_db
def test_a_new_target_records_the_old_values(world):
    manager = world.users["manager"]
    rota_services.funded_target_set(
        actor=manager, first_date=D(2026, 4, 1), last_date=D(2027, 3, 31), hours=13_000
    )
    rota_services.funded_target_set(
        actor=manager, first_date=D(2026, 4, 1), last_date=D(2027, 3, 31), hours=12_000
    )
    event = Event.objects.filter(action="target.set").order_by("-sequence").first()
    assert event.changes["hours"] == [13_000, 12_000]
    with pytest.raises(ValidationError):
        rota_services.funded_target_set(
            actor=manager, first_date=D(2026, 4, 1), last_date=D(2026, 4, 1), hours=10
        )
