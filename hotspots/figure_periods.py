"""The periods figures compare: a plan's before and after, and two months' periods as scripts
give them ("2018-10:2018-12"), read the same way by `manage.py area_figures` and the API's area
figures."""

import datetime

from django.db.models import Max
from django.utils import timezone

from .figures import whole_months
from .forms import parse_month
from .measures import EARLIEST_DATE, Period, add_months, month_end, month_start
from .models import ImportedMonth


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


_UNSET = object()


def plan_periods(plan, *, last_imported=_UNSET) -> tuple[Period, Period]:
    """Before and after periods of equal length in whole months for a plan's assessment.

    After runs from the plan's start month to the last month with imported data (at least one
    month); before is the same number of months just before it. A caller that already knows
    the last imported month may pass it (None when nothing is imported).
    """
    start = month_start(plan.start_date)
    last = (
        ImportedMonth.objects.aggregate(last=Max("month"))["last"]
        if last_imported is _UNSET
        else last_imported
    )
    months = 1
    if last is not None and last >= start:
        months = (last.year - start.year) * 12 + last.month - start.month + 1
    after = (start, month_end(add_months(start, months - 1)))
    before = (add_months(start, -months), start - datetime.timedelta(days=1))
    return before, after
