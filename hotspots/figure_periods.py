"""Two months' periods as scripts give them ("2018-10:2018-12"), read the same way by
`manage.py area_figures` and the API's area figures."""

from django.utils import timezone

from .figures import whole_months
from .forms import parse_month
from .measures import EARLIEST_DATE, month_end


def months_period(text: str, option: str):
    """The whole months FIRST:LAST, or ValueError with the message to show."""
    try:
        first, last = text.split(":")
    except ValueError:
        raise ValueError(f"{option} must be FIRST:LAST months, e.g. 2018-10:2018-12") from None
    start, end = parse_month(first), parse_month(last)
    if start is None or end is None or end < start:
        raise ValueError(f"{option} must be FIRST:LAST months as YYYY-MM with LAST not before FIRST")
    # As the web form's months: year 1 has no year before it to compare with, year 9999 no after.
    if start < EARLIEST_DATE or end > timezone.localdate():
        raise ValueError(f"{option} must be months from {EARLIEST_DATE:%Y-%m} up to this month")
    return whole_months((start, month_end(end)))
