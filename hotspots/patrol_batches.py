"""Patrols from a spreadsheet: the template, and every row checked as the patrol form checks it.

One row a visit, under the template's header. Each row is put through the single patrol form
(hotspots.patrol_forms.PatrolForm, with the areas the uploader may log in), so a row is refused for
exactly what the form refuses, in its words; then the file is checked for a visit given twice
(hotspots.patrol_visits.visit_key, the rule that refuses a second record). The save, and the check
against visits already logged, is hotspots.batch_services.patrol_batch_upload.
"""

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import timezone

from partners.forms import ModelChoiceField
from partners.roles import organisation_of

from . import gps, patrol_visits, service_support
from .models import Area, PatrolLog
from .patrol_forms import PatrolForm

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# Column, and what the template says of it.
COLUMNS = {
    "area": "Area name, as listed on the upload page",
    "date": "Date of the patrol: 30/11/2026 or 2026-11-30",
    "start_time": "Start time, 24-hour clock: 22:30",
    "minutes": "Minutes in the area",
    "kind": "foot, vehicle, engagement or partner",
    "staff_count": "Number of staff (1 if empty)",
    "engagements": "Engagements (0 if empty)",
    "arrests": "Arrests (0 if empty)",
    "stop_searches": "Stop and searches (0 if empty)",
    "asb_powers": "ASB powers used (0 if empty)",
    "note": "Note (optional)",
}
REQUIRED = ("area", "date", "start_time", "minutes", "kind")
DEFAULTS = {"staff_count": "1", "engagements": "0", "arrests": "0", "stop_searches": "0", "asb_powers": "0"}
DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
KINDS = [k for k in PatrolLog.Kind if k != PatrolLog.Kind.GPS]


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number: the header is row 1
    column: str  # "" for the file as a whole
    message: str

    @property
    def letter(self) -> str:
        names = list(COLUMNS)
        return chr(ord("A") + names.index(self.column)) if self.column in names else ""

    def __str__(self) -> str:
        if not self.row:
            return self.message
        where = f"Row {self.row}"
        if self.column:
            where += f", column {self.letter} ({self.column})"
        return f"{where}: {self.message}"


class BatchRefused(ValueError):
    """The file is refused whole: nothing from it is saved. `errors` lists each row's problems."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:20]))


def template_csv(areas=()) -> str:
    """The header, and an example row (in the first of the user's areas) to write over."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(COLUMNS))
    example = next(iter(areas), None)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    writer.writerow(
        [example.name if example else "Clock Tower", yesterday.strftime("%d/%m/%Y"), "22:30", "45"]
        + ["foot", "2", "3", "0", "0", "0", "Example row: replace it with your own"]
    )
    return out.getvalue()


def _csv_lines(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchRefused(
            [
                RowError(
                    0, "", "The file is not a CSV file in UTF-8: save it as 'CSV UTF-8' and upload it again"
                )
            ]
        ) from None
    return csv.reader(io.StringIO(text, newline=""))


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV would hold: dates in ISO, times as hours:minutes."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_lines(content: bytes):
    """The first sheet's rows as text. openpyxl reads it streaming, values not formulas."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        for cells in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in cells]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as exc:
        raise BatchRefused(
            [
                RowError(
                    0,
                    "",
                    "The file is not an Excel workbook (.xlsx) that can be read: save it again as .xlsx or CSV",
                )
            ]
        ) from exc


def read_rows(content: bytes, *, xlsx: bool = False) -> list[tuple[int, dict[str, str]]]:
    """(row number, column -> text) for each row that is not empty, or BatchRefused.
    A CSV in UTF-8, or with `xlsx` the first sheet of an Excel workbook."""
    if len(content) > MAX_BYTES:
        raise BatchRefused([RowError(0, "", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB")])
    reader = iter(_xlsx_lines(content) if xlsx else _csv_lines(content))
    header = [" ".join(str(h).split()).casefold().replace(" ", "_") for h in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise BatchRefused(
            [
                RowError(
                    1,
                    "",
                    f"The header row must name the template's columns: {', '.join(missing)} "
                    f"{'is' if len(missing) == 1 else 'are'} missing. Download the template and copy "
                    "your rows into it",
                )
            ]
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise BatchRefused(
                [RowError(0, "", f"The file has more than {MAX_ROWS:,} rows: split it in two")]
            )
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        rows.append((number, {name: values.get(name, "") for name in COLUMNS}))
    if not rows:
        raise BatchRefused([RowError(0, "", "The file has no rows below its header: one row a visit")])
    return rows


def visit_rows(visits: list) -> list[tuple[int, dict[str, str]]]:
    """The API's visits (a JSON list of objects with the single patrol's fields, the area by its
    id) as rows to check, numbered from 1, or BatchRefused for a list that is not one."""
    if not isinstance(visits, list) or not visits:
        raise BatchRefused([RowError(0, "", "Send a list of visits: at least one, each an object")])
    if len(visits) > MAX_ROWS:
        raise BatchRefused([RowError(0, "", f"The list has more than {MAX_ROWS:,} visits: send it in two")])
    rows, errors = [], []
    for number, visit in enumerate(visits, start=1):
        if not isinstance(visit, dict):
            errors.append(RowError(number, "", "Each visit must be an object of the patrol's fields"))
            continue
        values = {}
        for name in COLUMNS:
            value = visit.get(name)
            if isinstance(value, dict | list | bool):
                errors.append(RowError(number, name, "Give this field a single value (a number or text)"))
                value = None
            values[name] = "" if value is None else str(value).strip()
        rows.append((number, values))
    if errors:
        raise BatchRefused(errors)
    return rows


def template_xlsx(areas=()) -> bytes:
    """The template as a workbook: the patrols sheet (header, example row) and the areas one may use."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Patrols"
    lines = list(csv.reader(io.StringIO(template_csv(areas))))
    sheet.append(lines[0])
    sheet.append(lines[1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJK", (28, 12, 11, 9, 12, 12, 12, 9, 14, 11, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["B2"].number_format = "@"  # the date as typed, not turned into a number
    guide = book.create_sheet("Columns")
    guide.append(["column", "what to enter"])
    for name, words in COLUMNS.items():
        guide.append([name, words])
    listed = book.create_sheet("Areas")
    listed.append(["Areas you may log patrols in"])
    for area in areas:
        listed.append([area.name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _kind(text: str) -> str:
    said = text.strip().casefold()
    for kind in KINDS:
        if said in (kind.value, kind.label.casefold()):
            return kind.value
    return text


def _area_key(text: str) -> str:
    """An area's name as a row may spell it (any case, spaces), or its id as the API sends it."""
    return " ".join(str(text).split()).casefold()


def _form_data(values: dict[str, str], areas_by_name: dict) -> dict:
    data = {name: values[name] or DEFAULTS.get(name, "") for name in COLUMNS}
    area = areas_by_name.get(_area_key(values["area"]))
    data["area"] = str(area.pk) if area else ""
    day_first = DAY_FIRST.match(values["date"])
    if day_first:  # the UK order: day, month, year; sent as the GOV.UK date input's three boxes
        del data["date"]
        for part, text in zip(("day", "month", "year"), day_first.groups(), strict=True):
            data[f"date-{part}"] = text
    data["kind"] = _kind(values["kind"])
    return data


def row_form(areas):
    """The patrol form (hotspots.patrol_forms.PatrolForm) for the rows of one file: the same fields,
    rules and messages, with two things done once rather than by queries on every row: the area
    is found among `areas` (where the uploader may log, read once), and the model's check
    constraints, which the fields' own ranges already hold (minutes 1 to 1440, staff 1 or more),
    and the area's existence, are left to the database."""
    by_pk = {str(area.pk): area for area in areas}

    class AreaAmongTheUploaders(ModelChoiceField):
        def to_python(self, value):
            if value in self.empty_values:
                return None
            if str(value) not in by_pk:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return by_pk[str(value)]

    class PatrolRowForm(PatrolForm):
        area = AreaAmongTheUploaders(
            queryset=Area.objects.none(),
            error_messages={"required": "Choose the area", "invalid_choice": "Choose an area from the list"},
        )

        def clean_area(self):
            return self.cleaned_data["area"]  # found among the uploader's areas, or refused

        def _post_clean(self):
            try:
                self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
                self.instance.full_clean(
                    exclude=self._get_validation_exclusions(),
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                self._update_errors(exc)

    return PatrolRowForm


def check_rows(*, actor, rows: list[tuple[int, dict[str, str]]], areas, areas_by_id: bool = False) -> list:
    """Each row's patrol values, as the patrol form cleans them, or BatchRefused with every
    row's errors (by row and column). `areas`: where the actor may log patrols; a row names its
    area by name, or with `areas_by_id` by its id (the API's visits, hotspots.api_batches)."""
    organisation = organisation_of(actor)
    areas = list(areas)
    areas_by_name = {_area_key(a.pk if areas_by_id else a.name): a for a in areas}
    form_class = row_form(areas)
    errors, cleaned, first_row_of = [], [], {}
    for number, values in rows:
        if values["area"] and _area_key(values["area"]) not in areas_by_name:
            errors.append(
                RowError(
                    number,
                    "area",
                    f"Area {values['area']} is not an area your organisation may log patrols in"
                    if areas_by_id
                    else f"{values['area']!r} is not an area your organisation may log patrols in: use a "
                    "name from the list on the upload page",
                )
            )
        if values["kind"] and _kind(values["kind"]) not in [k.value for k in KINDS]:
            errors.append(
                RowError(
                    number,
                    "kind",
                    f"{values['kind']!r} is not a kind of patrol: use foot, vehicle, engagement or partner",
                )
            )
        form = form_class(_form_data(values, areas_by_name), areas=Area.objects.none())
        if not form.is_valid():
            for field, messages in form.errors.items():
                if (field == "area" and values["area"]) or (field == "kind" and values["kind"]):
                    continue  # said above, in words a spreadsheet's reader can act on
                column = field if field in COLUMNS else ""
                errors.extend(RowError(number, column, str(message)) for message in messages)
            continue
        patrol = {name: form.cleaned_data[name] for name in service_support.PATROL_FIELDS}
        key = patrol_visits.visit_key(
            organisation=organisation,
            **{name: patrol[name] for name in patrol_visits.VISIT_FIELDS if name != "organisation"},
        )
        if key in first_row_of:
            errors.append(
                RowError(
                    number,
                    "start_time",
                    f"This visit is on row {first_row_of[key]} too (the same kind, area, date and start "
                    "time): give it one row, with everyone on it in its staff count",
                )
            )
            continue
        first_row_of[key] = number
        cleaned.append((number, patrol))
    if errors:
        raise BatchRefused(
            sorted(
                errors, key=lambda e: (e.row, list(COLUMNS).index(e.column) if e.column in COLUMNS else -1)
            )
        )
    return cleaned


def gps_patrols(visits: list[gps.Visit], *, tz=None) -> list[tuple[int, dict]]:
    """The patrol records the visits make: visits to one area starting at the same minute are one
    visit (one record, its staff count the devices on it, its minutes the longest), as a second
    officer's record of the team's visit would be refused. Numbered from 1 in start order."""
    tz = tz or timezone.get_current_timezone()
    by_visit = defaultdict(list)
    for visit in visits:
        start = visit.start.astimezone(tz).replace(second=0, microsecond=0)
        by_visit[(visit.area_id, start.date(), start.time().replace(tzinfo=None))].append(visit)
    records = []
    for number, ((area_id, date, start), together) in enumerate(
        sorted(by_visit.items(), key=lambda item: (item[0][1], item[0][2], item[0][0])), start=1
    ):
        devices = sorted({v.device for v in together})
        records.append(
            (
                number,
                {
                    "area_id": area_id,
                    "area_name": together[0].area_name,
                    "date": date,
                    "start_time": start,
                    "minutes": max(v.minutes for v in together),
                    "staff_count": len(devices),
                    "kind": PatrolLog.Kind.GPS,
                    "note": f"Derived from GPS pings: {', '.join(devices)}"[:2000],
                },
            )
        )
    return records
