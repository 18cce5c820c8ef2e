"""A rota pattern expanded to its concrete slots: pure logic, no database.

Slots are planned in Europe/London local time. A pattern names a wall-clock start ("22:00"), so
each date it runs on gives exactly one slot, whatever the clocks do that night: at 01:30 on the
night the clocks go back the wall clock shows 01:30 twice, and the slot is the first of them
(BST); on the night they go forward 01:30 does not exist, and the slot starts when the clock
reaches it by standard time (02:30 BST). Its length is a real duration in minutes.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
EPOCH = datetime.datetime(1970, 1, 1)
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# A pattern runs for at most two years: enough for a funded year and its run-in, and a bound on
# the rows one form can make.
LONGEST_PATTERN_DAYS = 731


@dataclass(frozen=True)
class Slot:
    date: datetime.date  # the local date it starts
    start_time: datetime.time
    starts_at: datetime.datetime  # aware, Europe/London
    minutes: int
    staff_count: int
    moved: bool = False

    @property
    def local_start(self) -> int:
        return local_minutes(self.date, self.start_time)

    @property
    def local_end(self) -> int:
        return self.local_start + self.minutes

    @property
    def ends_at(self) -> datetime.datetime:
        return (
            self.starts_at.astimezone(datetime.UTC) + datetime.timedelta(minutes=self.minutes)
        ).astimezone(LONDON)


@dataclass(frozen=True)
class DateChange:
    """A date the pattern does not run as planned: moved_to None means cancelled."""

    date: datetime.date
    moved_to: tuple[datetime.date, datetime.time] | None = None


def local_minutes(date: datetime.date, time: datetime.time) -> int:
    """The wall-clock moment as whole minutes since 1970-01-01 00:00 (naive, as the database counts it)."""
    return int((datetime.datetime.combine(date, time) - EPOCH).total_seconds() // 60)


def aware(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """The local wall-clock moment, the first of two when the clocks go back."""
    return datetime.datetime.combine(date, time, tzinfo=LONDON).replace(fold=0)


def runs_on(date: datetime.date, *, weekdays, first_date, last_date) -> bool:
    return first_date <= date <= last_date and date.weekday() in weekdays


def expand(
    *,
    weekdays,
    start_time: datetime.time,
    minutes: int,
    staff_count: int,
    first_date: datetime.date,
    last_date: datetime.date,
    exceptions=(),
) -> list[Slot]:
    """Every slot of the pattern, in order: one per date it runs on, less the cancelled, moved as told."""
    by_date = {e.date: e for e in exceptions}
    days = set(weekdays)
    slots = []
    date = first_date
    while date <= last_date:
        if date.weekday() in days:
            exception = by_date.get(date)
            if exception is None:
                slots.append(Slot(date, start_time, aware(date, start_time), minutes, staff_count))
            elif exception.moved_to is not None:
                new_date, new_time = exception.moved_to
                slots.append(Slot(new_date, new_time, aware(new_date, new_time), minutes, staff_count, True))
        date += datetime.timedelta(days=1)
    return sorted(slots, key=lambda s: (s.starts_at, s.date))


def describe_weekdays(weekdays) -> str:
    """ "Fridays and Saturdays"; "Mondays, Wednesdays and Fridays"."""
    names = [f"{WEEKDAY_NAMES[d]}s" for d in sorted(weekdays)]
    if len(names) == 7:
        return "Every day"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def week_start(date: datetime.date) -> datetime.date:
    """The Monday of the date's week: compliance is reported by week, Monday to Sunday."""
    return date - datetime.timedelta(days=date.weekday())
