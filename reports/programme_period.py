"""The period of the programme figures as scripts give it (two ISO dates, or neither for the
page's default quarter): read the same way by `manage.py programme_figures` and the API."""

import datetime

from . import programme
from .forms import EARLIEST, MAX_DAYS


def programme_period(
    start: str | None, end: str | None, *, scope, today: datetime.date, options=("--from", "--to")
) -> tuple[datetime.date, datetime.date]:
    """(first day, last day), or ValueError with the message to show."""
    first, last = options
    if bool(start) != bool(end):
        raise ValueError(f"Give both {first} and {last}, or neither.")
    if not start:
        quarter = programme.default_quarter(scope, today)
        return quarter.start, quarter.end
    dates = []
    for value in (start, end):
        try:
            dates.append(datetime.date.fromisoformat(value))
        except ValueError:
            raise ValueError(f"{value!r} is not a date as YYYY-MM-DD") from None
    start_date, end_date = dates
    if end_date < start_date:
        raise ValueError(f"{last} must be the same as or after {first}.")
    if start_date < EARLIEST or (end_date - start_date).days > MAX_DAYS:
        raise ValueError(f"The period must start from {EARLIEST.year} and last at most five years.")
    return start_date, end_date
