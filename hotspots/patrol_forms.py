"""Patrol forms: logging a patrol, changing it, removing it. Fields are listed, never implied."""

import datetime

from django import forms
from django.utils import timezone

from partners.dates import GovukDateField
from partners.forms import GovukFormMixin, ModelChoiceField, VersionedFormMixin, version_field
from plans.submissions import OnceForm

from .forms import EARLIEST, removal_reason, widen
from .models import Area, PatrolLog
from .patrol_powers import POLICE_POWERS
from .service_support import PATROL_FIELDS


def _count_field(label, *, min_value=0, max_value=1000, initial=0, help_text=""):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        initial=initial,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {label.lower()}",
            "invalid": f"Enter {label.lower()} as a whole number",
            "min_value": f"{label} must be {min_value} or more",
            "max_value": f"{label} must be {max_value} or fewer",
        },
    )


class PatrolForm(GovukFormMixin, forms.ModelForm):
    """The organisation is never a field: it is always the signed-in user's own."""

    date = GovukDateField(
        label="Date of the patrol",
        help_text="For example, 18 1 2019",
        error_messages={"required": "Enter the date of the patrol"},
    )
    minutes = _count_field(
        "Minutes in the area",
        min_value=1,
        max_value=24 * 60,
        initial=None,
        help_text="Visits of 10 to 15 minutes deter longest (the Koper curve)",
    )
    staff_count = _count_field("Number of staff", min_value=1, max_value=100, initial=1)
    engagements = _count_field("Engagements")
    arrests = _count_field("Arrests")
    stop_searches = _count_field("Stop and searches")
    asb_powers = _count_field("ASB powers used")

    class Meta:
        model = PatrolLog
        fields = PATROL_FIELDS
        field_classes = {"area": ModelChoiceField}  # an out-of-range id is an invalid choice
        labels = {
            "date": "Date of the patrol",
            "start_time": "Start time",
            "kind": "Kind of patrol",
            "note": "Note (optional)",
        }
        help_texts = {
            "date": "For example, 18 1 2019",
            "start_time": "24-hour clock, for example 22:30",
        }
        # Drawn as the hints ask for them (an edit form showed 30/03/2019 and 23:15:00).
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "start_time": forms.TimeInput(format="%H:%M"),
        }
        error_messages = {
            "area": {"required": "Choose the area", "invalid_choice": "Choose an area from the list"},
            "start_time": {
                "required": "Enter the start time",
                "invalid": "Enter the start time as hours:minutes",
            },
            "kind": {"required": "Choose the kind of patrol"},
        }

    def __init__(self, *args, areas=None, police_powers=True, **kwargs):
        # Set before the mixin validates the bound form in its __init__: clean_area reads it.
        self.areas = (Area.objects.all() if areas is None else areas).order_by("name")
        super().__init__(*args, **kwargs)
        widen(self, 4, ["minutes", "staff_count", "engagements", "arrests", "stop_searches", "asb_powers"])
        if not police_powers:
            # A partner's patrol records no police power (hotspots.patrol_powers): not asked, kept as it is.
            for name in POLICE_POWERS:
                self.fields[name].widget = forms.HiddenInput()
            self.fields[
                "asb_powers"
            ].help_text = "Only powers your staff hold, such as a community protection warning or a fixed penalty notice"
        widen(self, 5, ["start_time"])
        self.fields["area"].empty_label = "Choose an area"
        self.fields["area"].queryset = self.areas
        if self.instance.kind != PatrolLog.Kind.GPS:  # GPS visits are derived from pings, never typed
            kind = self.fields["kind"]
            kind.choices = [c for c in kind.choices if c[0] != PatrolLog.Kind.GPS]

    def clean_area(self):
        area = self.cleaned_data["area"]
        if area is not None and not self.areas.filter(pk=area.pk).exists():
            raise forms.ValidationError("Choose an area from the list")
        return area

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date of the patrol must be today or in the past")
        if date < EARLIEST:
            raise forms.ValidationError(f"The date of the patrol must be {EARLIEST:%-d %B %Y} or later")
        return date

    def clean(self):
        cleaned = super().clean()
        date, start = cleaned.get("date"), cleaned.get("start_time")
        if date is None or start is None or "date" in self.errors:
            return cleaned
        start = start.replace(second=0, microsecond=0)
        local = timezone.get_current_timezone()
        when = datetime.datetime.combine(date, start, tzinfo=local)
        # A time in the hour the clocks skip (01:00 to 02:00 on the last Sunday of March in the
        # UK) comes back from UTC as another time: it never happened on that day.
        if when.astimezone(datetime.UTC).astimezone(local).replace(tzinfo=None) != when.replace(tzinfo=None):
            self.add_error(
                "start_time",
                f"{start:%H:%M} did not happen on {date:%-d %B %Y}: the clocks went forward an hour "
                "that night. Check the start time",
            )
        elif when > timezone.localtime():
            self.add_error("start_time", "The start time is later than now: log a patrol once it has started")
        return cleaned


class PatrolLogForm(PatrolForm, OnceForm):
    """A new patrol: the form carries a one-time token, so sending it twice logs it once."""


class PatrolEditForm(VersionedFormMixin, PatrolForm):
    version = version_field("patrol", from_where="its page")


class PatrolRemoveForm(GovukFormMixin, forms.Form):
    reason = removal_reason("patrol", "logged twice or in the wrong area")
