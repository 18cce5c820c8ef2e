"""The claims' forms: a partner's rate, a query on a claim, a visit approved to count."""

from decimal import Decimal

from django import forms

from partners.forms import GovukFormMixin

from .forms import widen


class PartnerRateForm(GovukFormMixin, forms.Form):
    rate = forms.DecimalField(
        label="Rate in pounds an hour",
        min_value=Decimal("0.01"),
        max_value=Decimal("1000.00"),
        decimal_places=2,
        help_text="What the programme pays this organisation for an hour of patrol, for example 18.50",
        error_messages={
            "required": "Enter the rate in pounds and pence",
            "invalid": "Enter the rate in pounds and pence, for example 18.50",
            "min_value": "Enter a rate between £0.01 and £1,000.00 an hour",
            "max_value": "Enter a rate between £0.01 and £1,000.00 an hour",
            "max_decimal_places": "Enter the rate to the penny, at most two places after the point",
            "max_digits": "Enter a rate between £0.01 and £1,000.00 an hour",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, 5, ["rate"])


class ClaimQueryForm(GovukFormMixin, forms.Form):
    note = forms.CharField(
        label="What needs answering",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The partner lead sees this on the statement",
        error_messages={"required": "Say what the partner needs to answer"},
    )


class CountVisitForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why this visit counts",
        max_length=500,
        help_text="For example, asked for by the police on the night. Recorded in the audit trail.",
        error_messages={"required": "Give the reason this visit counts"},
    )
