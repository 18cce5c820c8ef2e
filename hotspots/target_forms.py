"""The form for one organisation's share of the funded patrol hours."""

from django import forms

from partners.forms import GovukFormMixin, ModelChoiceField
from partners.models import Organisation

from .forms import widen


class OrganisationTargetForm(GovukFormMixin, forms.Form):
    organisation = ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    hours = forms.IntegerField(
        label="Its funded patrol hours",
        required=False,
        min_value=1,
        max_value=10_000_000,
        help_text="Over the programme's funded period, for example 2000. Leave it empty to clear the organisation's own target.",
        error_messages={
            "invalid": "Enter the hours as a whole number",
            "min_value": "Enter the hours as a whole number, at least 1",
            "max_value": "Enter at most 10,000,000 hours",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, 10, ["hours"])
