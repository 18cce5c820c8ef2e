"""The window Scan counts over: whole imported months."""

import datetime
from dataclasses import dataclass

from ..figure_counts import all_imported_months
from ..measures import add_months, month_end, month_label, months_between, period_label
from .places import DEFAULT_MONTHS


@dataclass(frozen=True)
class Window:
    """Whole months from `start` to `end` (first days of months), both included."""

    start: datetime.date
    end: datetime.date

    @property
    def months(self) -> list[datetime.date]:
        return months_between(self.start, self.end)

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def last_day(self) -> datetime.date:
        return month_end(self.end)

    def previous(self) -> "Window":
        """The window of the same length just before this one."""
        length = len(self.months)
        return Window(add_months(self.start, -length), add_months(self.start, -1))

    def phrase(self) -> str:
        """'the 12 months to October 2022', or 'October 2022' for one month."""
        length = len(self.months)
        if length == 1:
            return f"{self.end:%B %Y}"
        return f"the {length} months to {self.end:%B %Y}"


def default_window(imported: set | None = None) -> Window | None:
    """The last 12 imported months (fewer when less is imported), or None when nothing is."""
    imported = all_imported_months() if imported is None else imported
    if not imported:
        return None
    last, first = max(imported), min(imported)
    return Window(max(first, add_months(last, 1 - DEFAULT_MONTHS)), last)


def months_text(months: list[datetime.date]) -> str:
    return ", ".join(month_label(m) for m in months)
