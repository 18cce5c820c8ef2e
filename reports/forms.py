"""Report forms: the disclosure questions every export asks, and the programme's period selector."""

import datetime
import re

from django import forms
from django.utils import timezone

from hotspots.measures import EARLIEST_DATE
from partners.dates import GovukDateField
from partners.forms import GovukFormMixin

from .periods import Period, Quarter, financial_year, financial_year_code

EARLIEST = EARLIEST_DATE
MAX_DAYS = 366 * 5
ISO = "%Y-%m-%d"  # the hints ask for year-month-day, so dates are shown that way too
# A financial-year quarter: "2025/26 Q2" (also 2025-26 Q2, 2025/2026-Q2).
QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
QUARTER_FORMAT = (
    "Enter the quarter as the financial year and Q1 to Q4, for example 2025/26 Q2 for July to "
    "September 2025 (Q1 is April to June)"
)
YEAR_RE = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


class DisclosureForm(GovukFormMixin, forms.Form):
    """Purpose and recipient: recorded with every export (PRODUCT.md, audit trail)."""

    purpose = forms.CharField(
        label="Why are you exporting this?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are exporting this"},
    )
    recipient = forms.CharField(
        label="Who will receive it?",
        max_length=200,
        error_messages={"required": "Enter who will receive it"},
    )


class PeriodRadios(forms.RadioSelect):
    # The error summary links to the first radio, whose id is the field's own.
    def id_for_label(self, id_, index=None):
        return id_


class PeriodForm(GovukFormMixin, forms.Form):
    """A GET form: a financial-year quarter, a financial year (April to March) or two dates."""

    period = forms.ChoiceField(
        label="Show figures for",
        choices=[("quarter", "A quarter"), ("year", "A financial year"), ("custom", "Dates of your choice")],
        widget=PeriodRadios,
        error_messages={
            "required": "Choose a quarter, a financial year or dates of your choice",
            "invalid_choice": "Choose a quarter, a financial year or dates of your choice",
        },
    )
    quarter = forms.CharField(
        label="Quarter",
        required=False,
        max_length=16,
        help_text="Financial year and quarter, for example 2025/26 Q2 for July to September 2025 (Q1 is April to June)",
        error_messages={"max_length": QUARTER_FORMAT},
    )
    year = forms.CharField(
        label="Financial year",
        required=False,
        max_length=10,
        help_text="April to March, for example 2026/27",
        error_messages={"max_length": "Enter the financial year as two years in a row, for example 2026/27"},
    )
    start = GovukDateField(label="From", what="start date", required=False, help_text="For example, 1 4 2026")
    end = GovukDateField(label="To", what="end date", required=False, help_text="For example, 30 9 2026")

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        # Set before the mixin's __init__, which may clean the form to mark its errors.
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.attrs["class"] = "govuk-radios__input"

    def _in_range(self, name: str, year: int, what: str) -> bool:
        """Checked before any date is made: year 0 and year 10000 have no dates at all."""
        if year < EARLIEST.year:
            self.add_error(name, f"Enter a {what} from {EARLIEST.year} onwards")
            return False
        if year > self.today.year:
            self.add_error(name, f"That {what} has not started yet: choose one up to today")
            return False
        return True

    def _started(self, name: str, period: Period, what: str) -> Period | None:
        if period.start < EARLIEST:
            self.add_error(name, f"Enter a {what} from {EARLIEST.year} onwards")
            return None
        if period.start > self.today:
            self.add_error(name, f"That {what} has not started yet: choose one up to today")
            return None
        # A quarter or year still running is shown up to today.
        return Period.between(period.start, min(period.end, self.today))

    # The fields each kind of period reads; the others are left over from another choice.
    KIND_FIELDS = {"quarter": {"quarter"}, "year": {"year"}, "custom": {"start", "end"}}
    CHOICE_FIELDS = {"quarter", "year", "start", "end"}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("period")
        period = None
        # A bad date typed under "Dates of your choice" does not stop a chosen quarter or year.
        for name in self.CHOICE_FIELDS - self.KIND_FIELDS.get(kind, self.CHOICE_FIELDS):
            self._errors.pop(name, None)
        if kind == "quarter":
            match = QUARTER_RE.match(cleaned.get("quarter") or "")
            if not cleaned.get("quarter"):
                self.add_error("quarter", "Enter a quarter, for example 2025/26 Q2")
            elif not match or int(match[2]) % 100 != (int(match[1]) + 1) % 100:
                self.add_error("quarter", QUARTER_FORMAT)
            elif self._in_range("quarter", int(match[1]), "quarter"):
                quarter = Quarter(int(match[1]), int(match[3]))
                period = self._started("quarter", quarter.period(), "quarter")
                cleaned["code"] = quarter.code
        elif kind == "year":
            match = YEAR_RE.match(cleaned.get("year") or "")
            if not cleaned.get("year"):
                self.add_error("year", "Enter a financial year, for example 2026/27")
            elif not match or int(match[2]) % 100 != (int(match[1]) + 1) % 100:
                self.add_error("year", "Enter the financial year as two years in a row, for example 2026/27")
            elif self._in_range("year", int(match[1]), "financial year"):
                first = int(match[1])
                period = self._started("year", financial_year(first), "financial year")
                cleaned["code"] = financial_year_code(first)
        elif kind == "custom":
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start and "start" not in self.errors:
                self.add_error("start", "Enter the start date")
            if not end and "end" not in self.errors:
                self.add_error("end", "Enter the end date")
            if start and end:
                if start < EARLIEST:
                    self.add_error("start", f"Enter a start date from 1 January {EARLIEST.year} onwards")
                elif end < start:
                    self.add_error("end", "The end date must be the same as or after the start date")
                elif end > self.today:
                    self.add_error("end", "The end date must be today or earlier")
                elif (end - start).days > MAX_DAYS:
                    self.add_error("end", "The period can be at most five years")
                else:
                    period = Period.between(start, end)
                    cleaned["code"] = f"{start:%Y-%m-%d}-to-{end:%Y-%m-%d}"
        cleaned["range"] = period
        return cleaned


class FunderReturnForm(DisclosureForm):
    """The funder return: its period and the disclosure questions."""

    start = GovukDateField(label="Period start", help_text="For example, 1 4 2026")
    end = GovukDateField(label="Period end", help_text="For example, 31 3 2027")

    field_order = ["start", "end", "purpose", "recipient"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start < EARLIEST:
                self.add_error("start", f"Enter a period start from 1 January {EARLIEST.year} onwards")
            elif start > timezone.localdate():
                self.add_error("start", "The period start must be today or earlier")
            elif end < start:
                self.add_error("end", "The period end must be the same as or after the period start")
            elif end > timezone.localdate():
                # A report stating figures "to 31 December 2030" would claim what has not happened.
                self.add_error("end", "The period end must be today or earlier")
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", "The period can be at most five years")
        return cleaned
