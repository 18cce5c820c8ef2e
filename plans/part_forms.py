"""Forms for a plan's sources, objectives and responses. Fields are listed, never implied."""

from django import forms

from partners.forms import GovukFormMixin, ModelChoiceField, VersionedFormMixin, version_field
from partners.models import Organisation

from .models import Objective, Response, Source
from .part_services import OBJECTIVE_FIELDS, RESPONSE_FIELDS, SOURCE_FIELDS
from .submissions import OnceForm


class SourceForm(GovukFormMixin, OnceForm, forms.ModelForm):
    class Meta:
        model = Source
        fields = SOURCE_FIELDS
        labels = {"kind": "Kind of source", "notes": "Notes"}
        help_texts = {"notes": "What it says, for example 42 calls about fights in three months"}
        error_messages = {"kind": {"required": "Choose the kind of source"}}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ObjectiveForm(GovukFormMixin, OnceForm, forms.ModelForm):
    class Meta:
        model = Objective
        fields = OBJECTIVE_FIELDS
        labels = {
            "impact": "Impact",
            "reduction_percent": "Reduction (%)",
            "description": "Objective",
            "measure": "Measure",
            "baseline": "Baseline figure",
            "baseline_note": "Baseline period and source",
            "target": "Target figure",
            "result": "Result figure",
        }
        help_texts = {
            "reduction_percent": "Only for 'reduce by a stated percentage': a whole number from 1 to 100",
            "description": "Specific, measurable, achievable, relevant and time-bound",
            "measure": "For example: violence and sexual offences within the area, police.uk",
            "baseline": "The figure now, needed before the response starts",
            "result": "Fill in at assessment",
        }
        error_messages = {
            "impact": {"required": "Choose the impact"},
            "description": {"required": "Enter the objective"},
            "measure": {"required": "Enter how it is measured"},
            "baseline": {"invalid": "Enter the baseline as a number"},
            "target": {"invalid": "Enter the target as a number"},
            "result": {"invalid": "Enter the result as a number"},
            "reduction_percent": {
                "invalid": "Enter the reduction as a whole number",
                "min_value": "Enter a reduction from 1 to 100",  # the model's field refuses below 0
            },
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        impact, percent = cleaned.get("impact"), cleaned.get("reduction_percent")
        if impact == Objective.Impact.REDUCE and percent is None and "reduction_percent" not in self.errors:
            self.add_error("reduction_percent", "Enter the percentage reduction the objective aims for")
        if percent is not None and not 1 <= percent <= 100:
            self.add_error("reduction_percent", "Enter a reduction from 1 to 100")
        # Counts of incidents, calls or visits: never below zero.
        for name in ("baseline", "target", "result"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, f"The {name} cannot be negative")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ResponseForm(GovukFormMixin, OnceForm, forms.ModelForm):
    class Meta:
        model = Response
        fields = RESPONSE_FIELDS
        field_classes = {"lead_organisation": ModelChoiceField}  # an out-of-range id is invalid
        labels = {
            "kind": "Kind of response",
            "description": "What will be done",
            "lead_organisation": "Lead organisation",
            "delivery": "Was it delivered?",
            "delivery_note": "Delivery note",
        }
        help_texts = {"delivery": "Fill in at assessment (the process evaluation)"}
        error_messages = {
            "kind": {"required": "Choose the kind of response"},
            "description": {"required": "Describe what will be done"},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "delivery_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "name"
        )
        self.fields["lead_organisation"].empty_label = "Not decided yet"

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ObjectiveEditForm(VersionedFormMixin, ObjectiveForm):
    version = version_field("objective", from_where="the plan page")


class ResponseEditForm(VersionedFormMixin, ResponseForm):
    version = version_field("response", from_where="the plan page")
