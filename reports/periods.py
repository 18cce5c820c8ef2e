"""Reporting periods: financial-year quarters and years (April to March), whole months, in words."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def long_date(day: datetime.date) -> str:
    """1 April 2026 (no leading zero, whatever the platform's strftime does)."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> Period:
        return cls(start=start, end=end, label=f"{long_date(start)} to {long_date(end)}")

    def year_before(self) -> Period:
        """The same dates one year earlier (29 February becomes 28 February)."""
        return Period.between(minus_one_year(self.start), minus_one_year(self.end))

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def minus_one_year(day: datetime.date) -> datetime.date:
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return day.replace(year=day.year - 1, day=min(day.day, last))


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# --- Quarters (financial year: Q1 is April to June) ------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of the financial year that begins in April of `year`: Quarter(2025, 2) is
    July to September 2025, labelled "2025/26 Q2" as the funder's calendar names it."""

    year: int  # the financial year's first year
    number: int  # 1 to 4

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @property
    def start(self) -> datetime.date:
        month = 3 * self.number + 1  # 4, 7, 10, 13
        return datetime.date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> datetime.date:
        last = self.start.month + 2
        return month_end(self.start.year, last)

    @property
    def code(self) -> str:
        """2025/26 Q2: what the period selector takes and the funder return prints."""
        return f"{financial_year_code(self.year)} Q{self.number}"

    @property
    def label(self) -> str:
        return self.code

    @property
    def months(self) -> str:
        """Jul–Sep 2025, or Jan–Mar 2026."""
        return f"{SHORT_MONTHS[self.start.month - 1]}–{SHORT_MONTHS[self.end.month - 1]} {self.end.year}"

    @property
    def long_label(self) -> str:
        """2025/26 Q2 (Jul–Sep 2025)."""
        return f"{self.code} ({self.months})"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def period(self) -> Period:
        return Period(self.start, self.end, self.long_label)


def described(start: datetime.date, end: datetime.date, *, dates: bool = True) -> str:
    """A period in the funder's words: "2025/26 Q2 (1 July 2025 to 30 September 2025)", "financial
    year 2025/26 (...)", or the dates alone for any other range (calendar ranges stay as they are).

    `dates=False` names whole months instead: "2025/26 Q2 (July 2025 to September 2025)".
    """
    inner = f"{long_date(start)} to {long_date(end)}" if dates else month_range_label(start, end)
    quarter = Quarter.of(start)
    if (quarter.start, quarter.end) == (start, end):
        return f"{quarter.code} ({inner})"
    first = start.year
    if (start, end) == (datetime.date(first, 4, 1), datetime.date(first + 1, 3, 31)):
        return f"financial year {financial_year_code(first)} ({inner})"
    return inner


def quarters_between(start: datetime.date, end: datetime.date) -> list[Quarter]:
    """Every quarter that overlaps start..end, in order."""
    quarters, quarter = [], Quarter.of(start)
    while quarter.start <= end:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def latest_whole_quarter(on_or_before: datetime.date) -> Quarter:
    """The latest quarter that has ended on or before the given day."""
    quarter = Quarter.of(on_or_before)
    return quarter if quarter.end <= on_or_before else quarter.previous()


def financial_year(first_year: int) -> Period:
    """April to March: financial_year(2026) is 1 April 2026 to 31 March 2027."""
    return Period.between(datetime.date(first_year, 4, 1), datetime.date(first_year + 1, 3, 31))


def financial_year_code(first_year: int) -> str:
    return f"{first_year}/{(first_year + 1) % 100:02d}"


# --- Whole months, for police.uk incidents (dated by month) ----------------------------


def whole_months(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of the whole months inside start..end, or None when there is none."""
    first = start if start.day == 1 else month_end(start.year, start.month) + datetime.timedelta(days=1)
    last = end if end == month_end(end.year, end.month) else end.replace(day=1) - datetime.timedelta(days=1)
    if last < first:
        return None
    return first, last


def crime_months(
    start: datetime.date, end: datetime.date, imported
) -> tuple[tuple[datetime.date, datetime.date] | None, str]:
    """The whole months of start..end that crime is counted over, or None and why there are none.

    police.uk dates each incident by month only, so a part month is left out. A month of the
    period not imported (police.uk publishes a month or two late) stays in it: it is unknown, not
    a month with no crime, so the figures over it name it and make no comparison (whole periods
    only). `imported` is the set of months (first days) with incident data. The programme's
    headline figures and the programme report's area pages both count over these months.
    """
    if not imported:
        return None, "No police.uk incident data has been imported yet."
    window = whole_months(start, end)
    months = {first for first, _last in months_between(*window)} if window else set()
    if not months & set(imported):
        return None, (
            # Each run of months imported: "November 2017 to February 2019" hid a gap between.
            f"Incident data is imported for {months_in_words(imported)}: "
            "the period holds no whole month of it."
        )
    return window, ""


def months_between(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """(first day, last day) of each calendar month overlapping start..end."""
    months, day = [], start.replace(day=1)
    while day <= end:
        last = month_end(day.year, day.month)
        months.append((day, last))
        day = last + datetime.timedelta(days=1)
    return months


def months_in_words(months) -> str:
    """Months (first days) in words, a run of consecutive months as a range: 'August 2026',
    'April 2018 to September 2018', 'November 2017 and October 2018 to February 2019'."""
    runs: list[list[datetime.date]] = []
    for month in sorted(set(months)):
        if runs and month == month_end(runs[-1][1].year, runs[-1][1].month) + datetime.timedelta(days=1):
            runs[-1][1] = month
        else:
            runs.append([month, month])
    names = [month_range_label(first, last) for first, last in runs]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def month_range_label(start: datetime.date, end: datetime.date) -> str:
    """January 2019 to February 2019, or January 2019 for a single month."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def period_in_query(query) -> tuple[datetime.date | None, datetime.date | None]:
    """The `start` and `end` dates a link carries (the programme page's period), None where unreadable."""

    def day(value):
        try:
            return datetime.date.fromisoformat(value or "")
        except ValueError:
            return None

    return day(query.get("start")), day(query.get("end"))
