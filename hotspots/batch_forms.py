"""The upload forms of patrols in bulk: a spreadsheet of visits, a file of GPS pings."""

from django import forms

from partners.forms import GovukFormMixin
from plans.submissions import OnceForm

from . import gps, patrol_batches

# The web server takes requests of 12 MB at most (docs/deploy.md); about 180,000 pings.
GPS_MAX_BYTES = 10 * 1024 * 1024


class BatchUploadForm(GovukFormMixin, OnceForm):
    """A spreadsheet of patrols, with the one-time token: sent twice, it is saved once and the
    repeat is told so, before the rule that refuses a visit logged twice could meet it."""

    file = forms.FileField(
        label="Spreadsheet of patrols",
        help_text="The template filled in, as an Excel workbook (.xlsx) or CSV (UTF-8), one row a visit.",
        error_messages={"required": "Choose the spreadsheet to upload", "empty": "The file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be an Excel workbook (.xlsx) or a CSV file (.csv)")
        if upload.size > patrol_batches.MAX_BYTES:
            raise forms.ValidationError("The file must be 5 MB or smaller: split it in two")
        return upload


def _minutes_field(label: str, *, initial: int, help_text: str) -> forms.IntegerField:
    least, most = gps.LEAST_MINUTES, gps.MOST_MINUTES
    return forms.IntegerField(
        label=label,
        initial=initial,
        min_value=least,
        max_value=most,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a whole number",
            "min_value": f"The {label.lower()} must be {least} or more",
            "max_value": f"The {label.lower()} must be {most} or fewer",
        },
    )


class GpsUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="File of GPS pings",
        help_text=(
            "CSV with the columns device (or call sign), timestamp with its offset "
            "(2026-11-30T22:05:00+00:00), latitude and longitude. The pings are not kept."
        ),
        error_messages={"required": "Choose the file of pings to upload", "empty": "The file is empty"},
    )
    gap_minutes = _minutes_field(
        "Gap that splits a visit, in minutes",
        initial=gps.DEFAULT_GAP_MINUTES,
        help_text="Two pings in an area further apart than this are two visits",
    )
    min_minutes = _minutes_field(
        "Shortest visit, in minutes",
        initial=gps.DEFAULT_MIN_MINUTES,
        help_text="Shorter runs are passing through, not a visit",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a .csv file")
        if upload.size > GPS_MAX_BYTES:
            raise forms.ValidationError("The file must be 10 MB or smaller: split it by day")
        return upload
