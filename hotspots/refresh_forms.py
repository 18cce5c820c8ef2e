"""The quarterly hotspot refresh's decision form: does a current hotspot continue this quarter?"""

from django import forms

from partners.forms import GovukFormMixin, ModelChoiceField

from .models import Area
from .refresh_models import HotspotDecision


class HotspotDecisionForm(GovukFormMixin, forms.Form):
    area = ModelChoiceField(
        queryset=Area.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"required": "Choose the area", "invalid_choice": "Choose an area with an open plan"},
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=HotspotDecision.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the hotspot continues or stops",
            "invalid_choice": "Choose whether the hotspot continues or stops",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=HotspotDecision._meta.get_field("note").max_length,
        error_messages={"max_length": "Keep the note to %(limit_value)d characters or fewer"},
    )
