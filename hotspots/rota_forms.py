"""The rota's forms: a repeating pattern, and one date cancelled or moved."""

from django import forms

from partners.dates import GovukDateField
from partners.forms import GovukFormMixin, ModelChoiceField, VersionedFormMixin, version_field
from partners.models import Organisation
from plans.forms import DATE_HELP
from plans.submissions import OnceForm

from . import rota_services
from .forms import widen
from .rota import WEEKDAY_NAMES
from .rota_models import RotaException

TIME_HINT = "24-hour clock, Europe/London time, for example 22:00"


def _date(label: str, what: str, hint: str = DATE_HELP, required: bool = True) -> GovukDateField:
    """A date a person types: the project's GOV.UK date input (partners.dates), never one box."""
    return GovukDateField(label=label, what=what.removeprefix("the "), help_text=hint, required=required)


def _time(label: str, what: str, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text=TIME_HINT,
        required=required,
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as hours:minutes"},
    )


class _PatternFields(forms.Form):
    """A pattern's days, time, length, staff and dates: as planned and as changed."""

    weekdays = forms.TypedMultipleChoiceField(
        label="Days of the week",
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one day of the week",
            "invalid_choice": "Choose days from the list",
        },
    )
    start_time = _time("Start time", "the start time")
    minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=1,
        max_value=24 * 60,
        help_text="For example 240 for four hours",
        error_messages={
            "required": "Enter the length in minutes",
            "invalid": "Enter the length as whole minutes",
            "min_value": "A slot lasts at least 1 minute",
            "max_value": "A slot lasts at most 24 hours (1,440 minutes)",
        },
    )
    staff_count = forms.IntegerField(
        label="Number of staff",
        min_value=1,
        max_value=100,
        initial=1,
        error_messages={
            "required": "Enter the number of staff",
            "invalid": "Enter the number of staff as a whole number",
            "min_value": "Enter a number of staff between 1 and 100",
            "max_value": "Enter a number of staff between 1 and 100",
        },
    )
    first_date = _date("First date", "the first date")
    last_date = _date("Last date", "the last date", hint="At most two years after the first date")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_date"), cleaned.get("last_date")
        if first and last and last < first:
            self.add_error("last_date", "The last date must be the same as or after the first date")
        return cleaned


class RotaPatternForm(GovukFormMixin, OnceForm, _PatternFields):
    """A new pattern: the form carries a one-time token, so sending it twice plans it once."""

    organisation = ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        help_text="The police, or a partner on an open plan in this area",
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    field_order = ["organisation", *_PatternFields.base_fields]

    def __init__(self, *args, organisations, **kwargs):
        # Set before the mixin validates the bound form in its __init__: clean_organisation reads it.
        self.organisations = organisations
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = "Choose an organisation"
        widen(self, 4, ["minutes", "staff_count"])
        widen(self, 5, ["start_time"])

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if organisation is not None and not self.organisations.filter(pk=organisation.pk).exists():
            raise forms.ValidationError("Choose an organisation from the list")
        return organisation


class RotaPatternEditForm(VersionedFormMixin, GovukFormMixin, _PatternFields):
    """A pattern changed: drawn with its version and the values the user saw, so a save over
    someone else's newer one is refused and says what they changed (audit.edits.record_edit)."""

    version = version_field("rota", from_where="the area's rota page")

    def __init__(self, *args, pattern, **kwargs):
        self.pattern = pattern
        if not args or args[0] is None:
            kwargs.setdefault(
                "initial", {name: getattr(pattern, name) for name in rota_services.CHANGEABLE_FIELDS}
            )
        super().__init__(*args, **kwargs)
        widen(self, 4, ["minutes", "staff_count"])
        widen(self, 5, ["start_time"])

    def versioned(self):
        return self.pattern

    def edited_fields(self) -> list[str]:
        return list(rota_services.CHANGEABLE_FIELDS)


class RotaPatternRemoveForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=500,
        label="Why remove this rota?",
        help_text="For example, planned twice by mistake. Recorded in the audit trail.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Give the reason for removing this rota",
            "max_length": "Give the reason in at most 500 characters",
        },
    )


# What the pattern form gives the service: its fields but the area (the page's own).
PATTERN_FIELDS = [name for name in rota_services.PATTERN_FIELDS if name != "area"]


class RotaExceptionForm(GovukFormMixin, OnceForm):
    date = _date("Date of the slot", "the date of the slot")
    kind = forms.ChoiceField(
        label="What happens to it",
        choices=RotaException.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the slot is cancelled or moved"},
    )
    moved_to_date = _date("Moved to date", "the date it moves to", required=False)
    moved_to_time = _time("Moved to start time", "the time it moves to", required=False)
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=200,
        help_text="For example, a bank holiday event",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, 5, ["moved_to_time"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == RotaException.Kind.MOVED:
            for name, what in [
                ("moved_to_date", "the date it moves to"),
                ("moved_to_time", "the time it moves to"),
            ]:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, f"Enter {what}")
        return cleaned


class ComplianceForm(forms.Form):
    first = forms.DateField(
        required=False, error_messages={"invalid": "Enter the first date as year-month-day"}
    )
    last = forms.DateField(
        required=False, error_messages={"invalid": "Enter the last date as year-month-day"}
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and (last < first or (last - first).days > 366):
            raise forms.ValidationError("Choose a period of at most a year, the last date after the first")
        return cleaned


class FundedTargetForm(GovukFormMixin, OnceForm):
    first_date = _date("First day of the funded period", "the first day")
    last_date = _date("Last day of the funded period", "the last day")
    hours = forms.IntegerField(
        label="Funded patrol hours",
        min_value=1,
        max_value=10_000_000,
        help_text="The hours the grant pays for over the period, for example 13000",
        error_messages={
            "required": "Enter the funded patrol hours",
            "invalid": "Enter the hours as a whole number",
            "min_value": "Enter the target as a whole number of hours, at least 1",
            "max_value": "Enter a target of at most 10,000,000 hours",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, 10, ["hours"])
