import datetime
import re

from django import forms
from django.utils import timezone

from partners.forms import GovukFormMixin, ModelChoiceField, VersionedFormMixin, version_field
from plans.submissions import OnceForm

from . import geometry as geo
from . import submissions
from .measures import EARLIEST_DATE, add_months, month_end, months_between
from .models import Area, CrimeFamily
from .service_support import AREA_FIELDS
from .services import NAME_TAKEN

MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def widen(form, width: int, names) -> None:
    """GOV.UK fixed-width inputs; added after the mixin so its error class stays govuk-input--error."""
    for name in names:
        attrs = form.fields[name].widget.attrs
        attrs["class"] = f"{attrs.get('class', '')} govuk-input--width-{width}".strip()


# The most an outline may be (about 5,000 points, geo.MAX_VERTICES, with room to spare), and the
# most the area form's body may be: a paste too long comes back with its message and everything
# typed, up to this size (partners.middleware.accepts_large_form), rather than a 400 page.
OUTLINE_MAX_CHARS = 200_000
AREA_FORM_MAX_BYTES = 10 * 1024 * 1024


def _outline_field(label: str, what: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=OUTLINE_MAX_CHARS,
        error_messages={
            "max_length": (
                f"{what} is too long: it has %(show_value)s characters and the most is %(limit_value)s. "
                f"Simplify it to at most {geo.MAX_VERTICES:,} points"
            )
        },
        **kwargs,
    )


class AreaForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=120,
        error_messages={"required": "Enter a name for the area"},
    )
    geometry = _outline_field(
        "Area outline (GeoJSON)",
        "The area outline",
        help_text=(
            "A GeoJSON Polygon or MultiPolygon in longitude and latitude (WGS84). "
            "Draw it on the map, or paste it. Leave empty to give LSOA codes instead."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )
    lsoa_codes = forms.CharField(
        label="LSOA codes (instead of an outline)",
        required=False,
        max_length=3000,
        help_text=(
            "Separated by commas or spaces, for example E01013611, E01013612. Incidents police.uk "
            "gives these codes count as the target area; the buffer ring is drawn around the outline "
            "of their incidents."
        ),
    )
    buffer_m = forms.IntegerField(
        label="Buffer ring width in metres",
        min_value=0,
        max_value=2000,
        initial=geo.DEFAULT_BUFFER_M,
        help_text="The ring around the area where displacement is counted. 0 for none.",
        error_messages={
            "required": "Enter the buffer width in metres",
            "invalid": "Enter the buffer as whole metres",
        },
    )
    tolerance_m = forms.IntegerField(
        label="Snap tolerance in metres",
        min_value=0,
        max_value=500,
        initial=geo.DEFAULT_TOLERANCE_M,
        help_text="police.uk moves each incident to a nearby snap point; 50 m suits a small area.",
        error_messages={
            "required": "Enter the tolerance in metres",
            "invalid": "Enter the tolerance as whole metres",
        },
    )
    control_geometry = _outline_field(
        "Control area (GeoJSON, optional)",
        "The control area",
        help_text="A comparable area without the response, for net effect, WDQ and WDD.",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )

    displacement_control_geometry = _outline_field(
        "Control's displacement area, Dc (GeoJSON, optional)",
        "The control's displacement area",
        help_text=(
            "Only with a control area. The WDD subtracts the change here from the buffer ring's. "
            "Leave empty to use the ring of the buffer's width around the control area. Any part "
            "that overlaps the control area is left out when counting."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )

    def __init__(self, *args, area: Area | None = None, **kwargs):
        self.area = area
        super().__init__(*args, **kwargs)
        widen(self, 5, ["buffer_m", "tolerance_m"])

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        existing = Area.objects.filter(name__iexact=name)
        if self.area is not None:
            existing = existing.exclude(pk=self.area.pk)
        if existing.exists() and not self.may_be_a_repeat():
            raise forms.ValidationError(NAME_TAKEN)
        return name

    def may_be_a_repeat(self) -> bool:
        return False

    def clean_geometry(self):
        text = self.cleaned_data["geometry"].strip()
        if not text:
            return None
        try:
            return geo.normalise(geo.parse_polygon(text))
        except geo.GeometryError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_control_geometry(self):
        text = self.cleaned_data["control_geometry"].strip()
        if not text:
            return None
        try:
            return geo.normalise(geo.parse_polygon(text, what="The control area"), what="The control area")
        except geo.GeometryError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_displacement_control_geometry(self):
        text = self.cleaned_data["displacement_control_geometry"].strip()
        if not text:
            return None
        what = "The control's displacement area"
        try:
            return geo.normalise(geo.parse_polygon(text, what=what), what=what)
        except geo.GeometryError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_lsoa_codes(self):
        try:
            return geo.clean_lsoa_codes(self.cleaned_data["lsoa_codes"])
        except geo.GeometryError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("geometry") and not cleaned.get("lsoa_codes"):
            self.add_error("geometry", "Draw or paste the area outline, or give its LSOA codes")
        drawn = cleaned.get("displacement_control_geometry")
        if drawn and "control_geometry" not in self.errors:
            try:
                geo.displacement_control_outline(drawn, control=cleaned.get("control_geometry"))
            except geo.GeometryError as exc:
                self.add_error("displacement_control_geometry", str(exc))
        return cleaned


class AreaCreateForm(AreaForm, OnceForm):
    """A new area: the form carries a one-time token, so sending it twice saves it once."""

    def may_be_a_repeat(self) -> bool:
        # This form's token saved an area before: a name taken by that area is the service's to
        # judge (the same answers sent again are a repeat, not a clash with itself).
        try:
            return submissions.token_used(self.fields["submission"].clean(self.data.get("submission")))
        except forms.ValidationError:
            return False


class AreaEditForm(VersionedFormMixin, AreaForm):
    version = version_field("area", from_where="its page")

    def versioned(self):
        return self.area

    def edited_fields(self) -> list[str]:
        return AREA_FIELDS


# Figures and baselines count police.uk months: none before EARLIEST, none not yet ended.
EARLIEST = EARLIEST_DATE


def parse_month(text: str) -> datetime.date | None:
    match = MONTH_RE.match(text or "")
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:  # there is no year 0
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)


class MonthField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", "As year-month, for example 2019-01")
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = MONTH_RE.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(f"Enter {self.label.lower()} as year-month, for example 2019-01")
        if int(match[1]) < EARLIEST.year:  # checked before a date is made: there is no year 0
            raise forms.ValidationError(f"Enter {self.label.lower()} from {EARLIEST:%Y-%m} onwards")
        month = parse_month(value)
        if month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(f"Enter {self.label.lower()} no later than this month")
        return month


def family_field() -> forms.ModelChoiceField:
    """A crime family chosen by its slug (the figures and the Scan pages ask alike)."""
    return ModelChoiceField(
        label="Crime family",
        queryset=CrimeFamily.objects.all(),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": "Choose a crime family from the list"},
    )


def check_month_range(form: forms.Form, start_field: str, end_field: str, *, most: int, what: str) -> None:
    """The last month not before the first, and at most `most` months from first to last."""
    start, end = form.cleaned_data.get(start_field), form.cleaned_data.get(end_field)
    if start and end:
        if end < start:
            form.add_error(end_field, "The last month must be the same as or after the first month")
        elif len(months_between(start, end)) > most:
            form.add_error(end_field, f"{what} can be at most {most} months")


class FiguresForm(GovukFormMixin, forms.Form):
    """Which family and which two periods of equal length (GET)."""

    family = family_field()
    after_start = MonthField(label="Response period: first month")
    after_end = MonthField(label="Response period: last month")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, 5, ["after_start", "after_end"])

    def clean(self):
        cleaned = super().clean()
        check_month_range(self, "after_start", "after_end", most=36, what="The response period")
        return cleaned

    def periods(self):
        """(before, after): before is the same number of months just before the response period."""
        start, end = self.cleaned_data["after_start"], self.cleaned_data["after_end"]
        months = len(months_between(start, end))
        before = (add_months(start, -months), start - datetime.timedelta(days=1))
        return before, (start, month_end(end))


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="police.uk street-level file",
        help_text="One force-month as downloaded from data.police.uk: .csv or .csv.gz",
        error_messages={"required": "Choose a file to import"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".csv.gz", ".gz")):
            raise forms.ValidationError("The file must be a .csv or .csv.gz file")
        return upload


class BaselineForm(forms.Form):
    family = ModelChoiceField(queryset=CrimeFamily.objects.all(), to_field_name="slug")
    start = forms.DateField()
    end = forms.DateField()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and (end < start or (end - start).days > 366 * 5):
            raise forms.ValidationError("The period is not valid")
        if start and end and (start < EARLIEST or end > timezone.localdate()):
            raise forms.ValidationError(f"The period must be from {EARLIEST.year} up to today")
        return cleaned


def removal_reason(thing: str, example: str) -> forms.CharField:
    """Why this is removed: required (blank or spaces alone are not a reason), kept in the audit trail."""
    return forms.CharField(
        max_length=2000,
        label=f"Why remove this {thing}?",
        help_text=f"For example, {example}. Recorded in the audit trail.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": f"Give the reason for removing this {thing}"},
    )


class AreaRemoveForm(GovukFormMixin, forms.Form):
    reason = removal_reason("area", "drawn twice or by mistake")
