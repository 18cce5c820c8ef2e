"""The retention page's two forms: keep a plan's personal data to a new review date, or dispose of it."""

from django import forms

from partners.dates import GovukDateField
from partners.forms import GovukFormMixin

from .forms import DATE_HELP


class RetentionKeepForm(GovukFormMixin, forms.Form):
    """Keep a closed or withdrawn plan until a later review (the service checks the range)."""

    next_review = GovukDateField(
        label="Next review for retention",
        help_text=f"After today. {DATE_HELP}",
        error_messages={"required": "Enter the date of the next review"},
    )
    reason = forms.CharField(
        max_length=2000,
        label="Why the plan is kept",
        help_text="Recorded in the plan's history, for example an open investigation or a complaint",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the plan is kept",
            "max_length": "Say why the plan is kept in 2,000 characters or fewer",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why the plan is kept")
        return reason


class RetentionDisposeForm(GovukFormMixin, forms.Form):
    """Dispose of a plan's personal data: confirmed, since nothing can bring it back."""

    reason = forms.CharField(
        max_length=2000,
        required=False,
        label="Note (optional)",
        help_text="Recorded in the plan's history",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I understand the personal data is removed for good and cannot be recovered",
        error_messages={"required": "Confirm that you understand the personal data cannot be recovered"},
    )
