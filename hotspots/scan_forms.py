"""The Scan page's question (GET) and the form that opens a plan on the places chosen."""

from django import forms

from partners.forms import GovukFormMixin
from plans.submissions import OnceForm

from . import scan
from .forms import MonthField, check_month_range, family_field, widen


def _whole_number(label: str, low: int, high: int, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {label.lower()}",
            "invalid": f"Enter {label.lower()} as a whole number",
            "min_value": f"{label} must be {low} or more",
            "max_value": f"{label} must be {high} or fewer",
        },
    )


class ScanForm(GovukFormMixin, forms.Form):
    """Which family, which whole months, which kind of place and how many to list."""

    family = family_field()
    start = MonthField(label="First month")
    end = MonthField(label="Last month")
    kind = forms.ChoiceField(
        label="Places",
        choices=[(scan.CELL, "Grid cells"), (scan.SNAP_POINT, "Snap points"), (scan.LSOA, "LSOAs")],
        error_messages={"invalid_choice": "Choose grid cells, snap points or LSOAs"},
    )
    size = _whole_number("Cell size in metres", scan.MIN_CELL_M, scan.MAX_CELL_M, scan.DEFAULT_CELL_M)
    top = _whole_number("Places to list", 1, scan.MAX_TOP, scan.DEFAULT_TOP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "size"
        ].help_text = (
            f"{scan.MIN_CELL_M} to {scan.MAX_CELL_M}: squares of British National Grid from its origin"
        )
        self.fields["start"].required = self.fields["end"].required = True
        self.fields["start"].error_messages["required"] = "Enter the first month, for example 2021-11"
        self.fields["end"].error_messages["required"] = "Enter the last month, for example 2022-10"
        widen(self, 5, ["start", "end", "size", "top"])

    def clean(self):
        cleaned = super().clean()
        check_month_range(self, "start", "end", most=scan.MAX_MONTHS, what="The window")
        return cleaned

    def window(self) -> scan.Window:
        return scan.Window(self.cleaned_data["start"], self.cleaned_data["end"])

    def ranking_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "family": data["family"],
            "window": self.window(),
            "kind": data["kind"],
            "size": data["size"],
            "top": data["top"],
        }


def initial_query(window: scan.Window | None, family_slug: str) -> dict:
    """The page's question before anyone asks one: the last 12 imported months, 150 m cells."""
    query = {
        "family": family_slug,
        "kind": scan.CELL,
        "size": str(scan.DEFAULT_CELL_M),
        "top": str(scan.DEFAULT_TOP),
    }
    if window is not None:
        query.update({"start": f"{window.start:%Y-%m}", "end": f"{window.end:%Y-%m}"})
    return query


class StartPlanForm(GovukFormMixin, OnceForm):
    """What the officer may change before the area and the plan are made; the counts are not."""

    area_name = forms.CharField(
        label="Name of the hotspot area",
        max_length=120,
        error_messages={"required": "Enter a name for the hotspot area"},
    )
    title = forms.CharField(
        label="Plan title", max_length=200, error_messages={"required": "Enter a title for the plan"}
    )
    hotspot_name = forms.CharField(
        label="Hotspot name",
        max_length=200,
        help_text="The place as people know it, for example Haymarket",
        error_messages={"required": "Enter the hotspot's name"},
    )
    problem_statement = forms.CharField(
        label="Problem statement",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Suggested from the data: edit it to say what the problem is",
        error_messages={"required": "Enter the problem statement"},
    )
    buffer_m = _whole_number("Displacement buffer in metres", 0, 2000, 200)
    # Cells may be grown by a tolerance; a snap point's area is the circle of this radius; an
    # LSOA's area is given by its code (the field is not shown).
    tolerance_m = _whole_number("Snap tolerance in metres", 0, 500, 0)
    tolerance_m.required = False

    def __init__(self, *args, kind: str = scan.CELL, **kwargs):
        self.kind = kind  # before the mixin's __init__, which cleans a bound form
        super().__init__(*args, **kwargs)
        tolerance = self.fields["tolerance_m"]
        if kind == scan.SNAP_POINT:
            tolerance.label = "Radius around the snap point in metres"
            tolerance.help_text = "The area is the circle of this radius around the point (10 to 500)"
            self.initial.setdefault("tolerance_m", 50)
        else:
            tolerance.help_text = "0 keeps the area to the cells chosen"
        widen(self, 5, ["buffer_m", "tolerance_m"])

    def clean_tolerance_m(self):
        value = self.cleaned_data.get("tolerance_m")
        if self.kind == scan.SNAP_POINT and (value is None or value < 10):
            raise forms.ValidationError("Enter a radius of 10 metres or more")
        return value or 0
