"""Closure as a request: the owner's request that a manager close the plan, and a manager's
reason for sending it back."""

from django import forms

from partners.forms import GovukFormMixin

from .submissions import OnceForm


class ClosureRequestForm(GovukFormMixin, OnceForm):
    """The owner's request that a manager close the plan, with an optional note."""

    note = forms.CharField(
        max_length=2000,
        required=False,
        label="Note for the manager (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the plan's history and sent to the managers",
    )


class ClosureReturnForm(GovukFormMixin, forms.Form):
    """A manager's reason for sending a closure request back to the plan's owner."""

    reason = forms.CharField(
        max_length=2000,
        label="Why is the plan not ready to close?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The owner reads this on the plan and on their home page",
        error_messages={"required": "Enter why the plan is not ready to close"},
    )

    def clean_reason(self):
        reason = self.cleaned_data.get("reason", "").strip()
        if not reason:
            raise forms.ValidationError("Enter why the plan is not ready to close")
        return reason
