"""Patrol visits derived from the location pings of officers' radios and body-worn cameras.

Pure: a file's text in, visits out; nothing here reads or writes the database, and the pings
are never kept (they are personal data: hotspots.batch_services stores only the visits and the
file's SHA-256 digest).

The rule (shown to the user beside the visits it gives):

- a visit is a run of consecutive pings of one device, in time order, inside a hotspot area
  (its outline grown by the area's snap tolerance; a point on the edge is inside);
- the run ends at the first ping outside the area, or where the gap between two pings inside
  exceeds the gap limit (5 minutes by default): a new run starts at the next ping inside;
- its minutes are from the first ping inside to the last ping inside;
- a run shorter than the minimum (2 minutes by default) is dropped: passing through.

Every ping is tested against every area it may be in, so areas that overlap each count a visit.
Speed: the pings are projected to British National Grid metres as whole arrays (pyproj), the
areas' bounding boxes are in an STRtree that finds each ping's candidate areas, and each area's
prepared outline tests only its candidates (shapely); the runs are found with numpy.
"""

import csv
import datetime
import hashlib
import io
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import shape

from . import geometry

DEFAULT_GAP_MINUTES = 5
DEFAULT_MIN_MINUTES = 2
# The bounds a person or a system may set the gap and the shortest visit to (page and API).
LEAST_MINUTES, MOST_MINUTES = 1, 120
MAX_PINGS = 1_000_000
MAX_ERRORS_SHOWN = 20
# The names each column goes by in the files radio and body-worn camera systems export.
HEADERS = {
    "device": ("device", "call sign", "call_sign", "callsign", "device id", "device_id", "radio"),
    "timestamp": ("timestamp", "time", "datetime", "date time", "date_time"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
}
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class PingFileRefused(ValueError):
    """The file cannot be used; `errors` says where and what, in words a user can act on."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        super().__init__("; ".join(shown) + (f"; and {more} more" if more > 0 else ""))


@dataclass(frozen=True)
class Pings:
    """A file's pings as arrays (never kept): device index, time (seconds since the epoch), and
    position in British National Grid metres."""

    devices: tuple[str, ...]
    device: np.ndarray
    seconds: np.ndarray
    easting: np.ndarray
    northing: np.ndarray

    def __len__(self) -> int:
        return len(self.seconds)


@dataclass(frozen=True)
class Visit:
    area_id: int
    area_name: str
    device: str
    start: datetime.datetime
    end: datetime.datetime
    pings: int

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    @property
    def minutes(self) -> int:
        """From the first ping inside to the last, in whole minutes, half up."""
        return int((Decimal(self.seconds) / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def as_json(self) -> dict:
        return {
            "area": self.area_name,
            "device": self.device,
            "start": self.start.isoformat(),
            "minutes": self.minutes,
        }


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def rule_in_words(*, gap_minutes: float, min_minutes: float) -> str:
    return (
        "A visit is a run of one device's consecutive pings inside a hotspot area (its outline "
        "grown by the area's snap tolerance). A run ends at the first ping outside, or where two "
        f"pings inside are more than {_minutes(gap_minutes)} apart. Its minutes are from the first "
        f"ping inside to the last. Runs shorter than {_minutes(min_minutes)} are dropped as passing "
        "through."
    )


def _minutes(value: float) -> str:
    value = int(value) if float(value).is_integer() else value
    return f"{value} minute{'' if value == 1 else 's'}"


def _columns(header: list[str]) -> dict[str, int]:
    names = [" ".join(h.replace("\ufeff", "").split()).casefold() for h in header]
    found, missing = {}, []
    for column, spellings in HEADERS.items():
        where = [i for i, name in enumerate(names) if name in spellings]
        if where:
            found[column] = where[0]
        else:
            missing.append(column)
    if missing:
        raise PingFileRefused(
            [
                "Line 1 must name the columns device (or call sign), timestamp, latitude and longitude: "
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing"
            ]
        )
    return found


def read_pings(content: bytes, *, now: datetime.datetime | None = None) -> Pings:
    """Parse a ping file (CSV, UTF-8), or PingFileRefused listing each bad line; nothing half read."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PingFileRefused(["The file is not text in UTF-8: export it from the system as CSV"]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise PingFileRefused(["The file is empty"])
    col = _columns(header)
    now = now or datetime.datetime.now(datetime.UTC)
    devices: dict[str, int] = {}
    device, seconds, lons, lats = [], [], [], []
    errors = []
    min_lon, min_lat, max_lon, max_lat = geometry.UK_BOUNDS
    width = max(col.values()) + 1
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < width:
            errors.append(
                f"Line {line} has {len(row)} columns: it needs device, timestamp, latitude and longitude"
            )
            continue
        name = row[col["device"]].strip()
        stamp = row[col["timestamp"]].strip()
        problems = []
        if not name:
            problems.append("the device or call sign is empty")
        when = None
        try:
            when = datetime.datetime.fromisoformat(stamp)
        except ValueError:
            problems.append(f"the timestamp {stamp!r} is not a date and time like 2026-11-30T22:05:00+00:00")
        else:
            if when.tzinfo is None:
                problems.append(f"the timestamp {stamp!r} has no offset: add one, such as +00:00 or Z")
            elif when > now:
                problems.append(f"the timestamp {stamp!r} is in the future")
            elif when < EARLIEST:
                problems.append(f"the timestamp {stamp!r} is before 2000")
        try:
            lat, lon = float(row[col["latitude"]]), float(row[col["longitude"]])
        except ValueError:
            problems.append("the latitude and longitude must be numbers in decimal degrees")
        else:
            if not (math.isfinite(lat) and math.isfinite(lon)):
                problems.append("the latitude and longitude must be numbers in decimal degrees")
            elif not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon):
                problems.append(
                    f"the position {lat}, {lon} is not in the United Kingdom: check latitude and "
                    "longitude are not swapped"
                )
        if problems:
            errors.append(f"Line {line}: {'; '.join(problems)}")
            continue
        if len(seconds) >= MAX_PINGS:
            raise PingFileRefused([f"The file has more than {MAX_PINGS:,} pings: split it by day"])
        device.append(devices.setdefault(name, len(devices)))
        seconds.append(when.timestamp())
        lons.append(lon)
        lats.append(lat)
    if errors:
        raise PingFileRefused(errors)
    if not seconds:
        raise PingFileRefused(["The file has no pings below its header line"])
    easting, northing = geometry.lonlat_to_bng(lons, lats)
    return Pings(
        devices=tuple(devices),
        device=np.asarray(device, dtype=np.int64),
        seconds=np.asarray(seconds, dtype=float),
        easting=np.asarray(easting, dtype=float),
        northing=np.asarray(northing, dtype=float),
    )


def area_targets(areas) -> list[tuple[object, object]]:
    """(area, outline in BNG metres grown by its tolerance, prepared) for each area with an outline."""
    targets = []
    for area in areas:
        if not area.geometry:
            continue
        outline = geometry.to_bng(shape(area.geometry))
        if area.tolerance_m:
            outline = outline.buffer(area.tolerance_m)
        shapely.prepare(outline)
        targets.append((area, outline))
    return targets


def derive_visits(
    pings: Pings,
    areas,
    *,
    gap_minutes: float = DEFAULT_GAP_MINUTES,
    min_minutes: float = DEFAULT_MIN_MINUTES,
    tz: datetime.tzinfo = datetime.UTC,
) -> list[Visit]:
    """The visits the pings make to the areas under the rule above, by start then area and device.

    `areas` are objects with pk, name, geometry (GeoJSON in WGS84) and tolerance_m (the Area model).
    """
    if gap_minutes <= 0 or min_minutes < 0:
        raise ValueError("The gap must be more than 0 minutes and the minimum 0 minutes or more")
    targets = area_targets(areas)
    if not targets or not len(pings):
        return []
    order = np.lexsort((pings.seconds, pings.device))  # by device, then time
    device, seconds = pings.device[order], pings.seconds[order]
    x, y = pings.easting[order], pings.northing[order]
    # Candidates by bounding box (the tree), then each area's exact test on its own candidates.
    tree = STRtree([outline for _, outline in targets])
    ping_index, target_index = tree.query(shapely.points(x, y))
    gap_s, min_s = gap_minutes * 60, min_minutes * 60
    visits = []
    for number, (area, outline) in enumerate(targets):
        candidates = np.sort(ping_index[target_index == number])
        if not len(candidates):
            continue
        inside = candidates[shapely.intersects_xy(outline, x[candidates], y[candidates])]
        if not len(inside):
            continue
        # A run goes on while the next ping inside is the device's next ping, within the gap.
        goes_on = (
            (np.diff(inside) == 1)
            & (device[inside[1:]] == device[inside[:-1]])
            & (np.diff(seconds[inside]) <= gap_s)
        )
        breaks = np.flatnonzero(~goes_on) + 1
        firsts = np.concatenate(([0], breaks))
        lasts = np.concatenate((breaks, [len(inside)])) - 1
        first_s, last_s = seconds[inside[firsts]], seconds[inside[lasts]]
        for run in np.flatnonzero(last_s - first_s >= min_s):
            visits.append(
                Visit(
                    area_id=area.pk,
                    area_name=area.name,
                    device=pings.devices[device[inside[firsts[run]]]],
                    start=datetime.datetime.fromtimestamp(float(first_s[run]), tz),
                    end=datetime.datetime.fromtimestamp(float(last_s[run]), tz),
                    pings=int(lasts[run] - firsts[run] + 1),
                )
            )
    visits.sort(key=lambda v: (v.start, v.area_name, v.device))
    return visits
