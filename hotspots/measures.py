"""Small value objects for figures: a number or the reason there is none, and the words to show.

Pages, PDFs, CSV and JSON all print `text`, so every output says the same thing.
"""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# No date the programme records or counts comes before this: its data, its plans and its
# patrols begin in this century (police.uk street-level data begins in December 2010).
EARLIEST_DATE = datetime.date(2000, 1, 1)
TOO_FEW = 10  # below this many in the base period a percentage is not worth printing
TOO_FEW_TEXT = "too few incidents to judge"
NOT_DEFINED_TEXT = "not defined"

# A period of days, first and last included (either may be None where it is not known).
Period = tuple[datetime.date, datetime.date]

MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class Measure:
    """A value (or None) with the text that stands for it. Not a dataclass, so PDF rows print its text."""

    __slots__ = ("value", "text")

    def __init__(self, value, text: str):
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "text", text)

    def __setattr__(self, name, value):
        raise AttributeError("Measure is immutable")

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Measure({self.value!r}, {self.text!r})"

    def __eq__(self, other):
        return isinstance(other, Measure) and (self.value, self.text) == (other.value, other.text)

    def __hash__(self):
        return hash((self.value, self.text))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return (Measure, (self.value, self.text))

    def as_dict(self) -> dict:
        return {"value": self.value, "text": self.text}


def half_up(value, places: int = 1) -> float:
    """Rounded half away from zero on the exact decimal value: 0.25 -> 0.3, 6.25 -> 6.3, -6.25 -> -6.3.

    Python's round() works on the binary float, so 0.15 became 0.1 and 0.25 became 0.2.
    """
    if isinstance(value, Fraction):  # a ratio of counts, exact: -1/8 is -0.125, so -0.13
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _exact_percent(part, whole) -> Decimal:
    return Decimal(str(part)) * 100 / Decimal(str(whole))


def _number(value: float, places: int = 1) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{places}f}"


def signed(value: float, places: int = 1) -> str:
    text = _number(abs(value), places)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


def count(value: int | None, *, missing: str = NOT_DEFINED_TEXT) -> Measure:
    if value is None:
        return Measure(None, missing)
    return Measure(int(value), f"{int(value):,}")


def number(
    value: float | None, *, places: int = 2, missing: str = NOT_DEFINED_TEXT, suffix: str = ""
) -> Measure:
    if value is None or not math.isfinite(value):
        return Measure(None, missing)
    value = half_up(value, places)  # as every percentage: 0.25 is +0.3, not Python's +0.2
    if value == 0:
        value = 0.0  # no "-0.00"
    return Measure(value, f"{signed(value, places)}{suffix}")


def percent_change(
    base: int | float | None,
    new: int | float | None,
    *,
    unit: str = "incidents",
    threshold: float = TOO_FEW,
    too_few: str = TOO_FEW_TEXT,
    missing: str = NOT_DEFINED_TEXT,
    shown: tuple[float, float] | None = None,
) -> Measure:
    """(new - base) / base as a percentage, always with its counts beside it.

    `shown`: the counts as the page shows them (hours to one place) when base and new are exact:
    the threshold is judged on what is shown, the percentage worked out on the exact values.
    """
    if base is None or new is None:
        return Measure(None, missing)
    shown_base, shown_new = shown or (base, new)
    counts = f"{_number(shown_base)} to {_number(shown_new)} {unit}"
    if base == 0 or shown_base == 0:
        return Measure(None, f"{NOT_DEFINED_TEXT} ({counts}: nothing in the base period)")
    if shown_base < threshold:
        return Measure(None, f"{too_few} ({counts})")
    value = half_up(_exact_percent(Decimal(str(new)) - Decimal(str(base)), base))
    if value == 0:
        value = 0.0
    return Measure(value, f"{signed(value)}% ({counts})")


def share(
    part: int, whole: int, *, unit: str = "visits", threshold: int = TOO_FEW, too_few: str = ""
) -> Measure:
    """part / whole as a percentage with both counts."""
    counts = f"{part:,} of {whole:,} {unit}"
    if whole == 0:
        return Measure(None, f"{NOT_DEFINED_TEXT} (no {unit})")
    if whole < threshold:
        return Measure(None, f"{too_few or f'too few {unit} to judge'} ({counts})")
    value = half_up(_exact_percent(part, whole))
    return Measure(value, f"{_number(value)}% ({counts})")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    return add_months(month_start(day), 1) - datetime.timedelta(days=1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of every month from start's month to end's month, inclusive."""
    months = []
    current = month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def month_label(day: datetime.date) -> str:
    return f"{MONTH_ABBR[day.month - 1]} {day.year}"


def period_label(start: datetime.date, end: datetime.date) -> str:
    """'Oct 2018', 'Oct–Dec 2018' or 'Nov 2018–Feb 2019'."""
    first, last = month_start(start), month_start(end)
    if first == last:
        return month_label(first)
    if first.year == last.year:
        return f"{MONTH_ABBR[first.month - 1]}\u2013{MONTH_ABBR[last.month - 1]} {last.year}"
    return f"{month_label(first)}\u2013{month_label(last)}"
