"""A repeating pattern expands to exactly the slots a hand count gives, clocks changing or not."""

import datetime

from hotspots import rota

D = datetime.date
T = datetime.time


def _expand(**overrides):
    values = {
        "weekdays": [6],
        "start_time": T(1, 30),
        "minutes": 60,
        "staff_count": 1,
        "first_date": D(2026, 10, 11),
        "last_date": D(2026, 11, 8),
    }
    values.update(overrides)
    return rota.expand(**values)


def test_the_slot_at_0130_on_the_night_the_clocks_go_back_is_one_slot():
    slots = _expand()
    # Sundays 11, 18, 25 October and 1, 8 November 2026: the clocks go back at 02:00 BST on the 25th.
    assert [s.date for s in slots] == [
        D(2026, 10, 11),
        D(2026, 10, 18),
        D(2026, 10, 25),
        D(2026, 11, 1),
        D(2026, 11, 8),
    ]
    night = [s for s in slots if s.date == D(2026, 10, 25)]
    assert len(night) == 1
    # The first 01:30 of the two (BST, 00:30 UTC), lasting its real hour.
    assert night[0].starts_at.utcoffset() == datetime.timedelta(hours=1)
    assert night[0].starts_at.astimezone(datetime.UTC).time() == T(0, 30)
    assert night[0].ends_at.astimezone(datetime.UTC).time() == T(1, 30)
    # After the change the same wall-clock start is an hour later in UTC.
    assert slots[3].starts_at.astimezone(datetime.UTC).time() == T(1, 30)


def test_the_slot_at_0130_on_the_night_the_clocks_go_forward_is_one_slot():
    slots = _expand(first_date=D(2026, 3, 22), last_date=D(2026, 4, 5))
    # Sundays 22, 29 March and 5 April; 01:30 does not exist on the 29th (01:00 GMT -> 02:00 BST).
    assert [s.date for s in slots] == [D(2026, 3, 22), D(2026, 3, 29), D(2026, 4, 5)]


def test_a_hand_count_across_the_autumn_change_with_exceptions():
    # Fridays and Saturdays 22:00 for four hours, 2 October to 31 October 2026 inclusive.
    # Hand count: Fridays 2, 9, 16, 23, 30 and Saturdays 3, 10, 17, 24, 31 = 10 dates;
    # the 24th (the night the clocks go back) is cancelled and the 9th moved to Sunday 11th at 20:00.
    slots = _expand(
        weekdays=[5, 4],
        start_time=T(22, 0),
        minutes=240,
        first_date=D(2026, 10, 2),
        last_date=D(2026, 10, 31),
        exceptions=[
            rota.DateChange(D(2026, 10, 24)),
            rota.DateChange(D(2026, 10, 9), (D(2026, 10, 11), T(20, 0))),
        ],
    )
    assert [(s.date.day, s.start_time) for s in slots] == [
        (2, T(22, 0)),
        (3, T(22, 0)),
        (10, T(22, 0)),
        (11, T(20, 0)),
        (16, T(22, 0)),
        (17, T(22, 0)),
        (23, T(22, 0)),
        (30, T(22, 0)),
        (31, T(22, 0)),
    ]
    assert [s.moved for s in slots].count(True) == 1
    # 9 slots of 4 hours: 36 planned hours.
    assert sum(s.minutes for s in slots) == 36 * 60


def test_a_slot_across_the_change_lasts_its_real_minutes():
    (slot,) = _expand(
        weekdays=[5], start_time=T(22, 0), minutes=240, first_date=D(2026, 10, 24), last_date=D(2026, 10, 24)
    )
    # 22:00 BST Saturday (21:00 UTC) plus four real hours is 01:00 UTC, 01:00 GMT on the wall clock.
    assert slot.ends_at.astimezone(datetime.UTC) == datetime.datetime(2026, 10, 25, 1, 0, tzinfo=datetime.UTC)
    assert slot.local_end - slot.local_start == 240


def test_weekdays_read_as_words():
    assert rota.describe_weekdays([5, 4]) == "Fridays and Saturdays"
    assert rota.describe_weekdays([0, 2, 4]) == "Mondays, Wednesdays and Fridays"
    assert rota.describe_weekdays(range(7)) == "Every day"
