"""Reading police.uk street-level CSV files: a file is one force-month, taken whole or refused whole."""

import csv
import datetime
import gzip
import io
import math
import re
import zlib
from dataclasses import dataclass

from django.utils import timezone

from .geometry import project_incidents
from .measures import EARLIEST_DATE
from .models import Incident, force_key

HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_BYTES = 50 * 1024 * 1024  # a large force-month is about 10 MB
EARLIEST_YEAR = EARLIEST_DATE.year


class ImportRefused(ValueError):
    """The file is refused whole; the message names the line and the reason."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


@dataclass
class ParsedMonth:
    force: str
    month: datetime.date
    incidents: list  # unsaved Incident objects, batch not yet set
    rows_without_location: int


TOO_LARGE = "the file is larger than 50 MB; one force-month is about 10 MB"
GUNZIP_CHUNK = 1024 * 1024


def _gunzip(data: bytes) -> bytes:
    """The decompressed file, read a chunk at a time and refused as soon as it passes MAX_BYTES.

    Never more than MAX_BYTES + 1 decompressed bytes are read: a small file that expands to
    gigabytes (a "zip bomb") costs no more memory than a file at the limit.
    """
    chunks = []
    size = 0
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        while chunk := stream.read(min(GUNZIP_CHUNK, MAX_BYTES + 1 - size)):
            size += len(chunk)
            if size > MAX_BYTES:
                raise ImportRefused(TOO_LARGE)
            chunks.append(chunk)
    return b"".join(chunks)


def read_text(fileobj) -> str:
    """The file's text, whether gzipped or not, bytes or str."""
    data = fileobj.read(MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ImportRefused(TOO_LARGE)
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ImportRefused(f"the file looks gzipped but cannot be decompressed ({exc})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"the file is not UTF-8 text (byte {exc.start})") from exc


def _rows(number: int) -> str:
    return f"{number:,} row{'' if number == 1 else 's'}"


def summary(batch) -> str:
    """What an import did, in words: the rows taken, and the earlier import of the month it replaced."""
    without = f"({batch.rows_without_location:,} without a location)"
    replaced = getattr(batch, "replaced_rows", None)
    if replaced is None:
        return f"Imported {_rows(batch.rows)} for {batch} {without}"
    return (
        f"Replaced the {_rows(replaced)} imported earlier for {batch} "
        f"with the {_rows(batch.rows)} of this file {without}"
    )


# A plain decimal number in ASCII digits, as police.uk writes them ("-1.134000"). float() alone
# also takes "-1_1", full-width digits, "1e2", "inf" and surrounding spaces.
DECIMAL_RE = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def _coordinate(text: str, name: str, low: float, high: float, line: int) -> float:
    if not DECIMAL_RE.fullmatch(text):
        raise ImportRefused(f"{name} {text!r} is not a number written as plain decimal digits", line)
    value = float(text)
    if not math.isfinite(value) or not low <= value <= high:
        raise ImportRefused(f"{name} {text} is out of range ({low} to {high})", line)
    return value


def parse(text: str) -> ParsedMonth:
    """Check every row and build the incidents; any problem refuses the whole file."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRefused("the file is empty", 1) from None
    except csv.Error as exc:
        raise ImportRefused(f"the header cannot be read ({exc})", 1) from None
    header = [h.strip() for h in header]
    if header != HEADER:
        raise ImportRefused(
            "the header is not a police.uk street-level header; expected "
            + ", ".join(HEADER)
            + " but found "
            + ", ".join(header[:14]),
            1,
        )
    incidents = []
    append = incidents.append
    month_text = force = None
    month = None
    without_location = 0
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if any("\x00" in value for value in row):
                # PostgreSQL refuses text holding NUL: say so here, not as a failed insert.
                raise ImportRefused("the row contains a NUL character", line)
            if len(row) != 12:
                raise ImportRefused(f"expected 12 columns, found {len(row)}", line)
            (
                crime_id,
                row_month,
                reported_by,
                falls_within,
                lon,
                lat,
                location,
                lsoa,
                lsoa_name,
                kind,
                outcome,
                ctx,
            ) = row
            if row_month != month_text:
                if month_text is not None:
                    raise ImportRefused(
                        f"month {row_month!r} differs from {month_text!r} on the first row; a file must be one month",
                        line,
                    )
                match = MONTH_RE.match(row_month)
                if not match:
                    raise ImportRefused(f"month {row_month!r} is not a month as YYYY-MM", line)
                if int(match[1]) < EARLIEST_YEAR:
                    raise ImportRefused(f"month {row_month!r} is before {EARLIEST_YEAR}", line)
                month_text = row_month
                month = datetime.date(int(match[1]), int(match[2]), 1)
                if month >= timezone.localdate().replace(day=1):
                    raise ImportRefused(f"month {row_month!r} has not ended yet", line)
            if falls_within != force:
                if force is not None and force_key(falls_within) != force_key(force):
                    raise ImportRefused(
                        f"'Falls within' {falls_within!r} differs from {force!r} on the first row; "
                        "a file must be one force",
                        line,
                    )
                if not falls_within.strip():
                    raise ImportRefused("'Falls within' is empty", line)
                force = falls_within
            if not kind:
                raise ImportRefused("the crime type is empty", line)
            if lon or lat:
                if not (lon and lat):
                    raise ImportRefused("a row has a longitude or a latitude but not both", line)
                longitude = _coordinate(lon, "longitude", -180.0, 180.0, line)
                latitude = _coordinate(lat, "latitude", -90.0, 90.0, line)
            else:
                longitude = latitude = None
                without_location += 1
            if len(crime_id) > 64 or len(location) > 200 or len(lsoa) > 12 or len(kind) > 80:
                raise ImportRefused("a value is longer than police.uk files ever have", line)
            append(
                Incident(
                    month=month,
                    crime_id=crime_id,
                    reported_by=reported_by[:120],
                    falls_within=falls_within[:120],
                    longitude=longitude,
                    latitude=latitude,
                    location=location,
                    lsoa_code=lsoa,
                    lsoa_name=lsoa_name[:120],
                    crime_type=kind,
                    last_outcome=outcome[:200],
                    context=ctx,
                )
            )
    except csv.Error as exc:
        raise ImportRefused(f"the row cannot be read as CSV ({exc})", reader.line_num or line) from None
    if not incidents:
        raise ImportRefused("the file has a header but no rows", 2)
    if len(force) > 120:
        raise ImportRefused("'Falls within' is too long", 2)
    project_incidents(incidents)
    # Stored as one spelling, whitespace tidied; the month is keyed by force_key(force).
    return ParsedMonth(
        force=" ".join(force.split()),
        month=month,
        incidents=incidents,
        rows_without_location=without_location,
    )
