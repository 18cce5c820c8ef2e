"""Scan: places ranked by the incidents of a crime family over a window of whole imported months.

One selector for the page, its JSON and `manage.py rank_places`. Three kinds of place:

- grid cells of British National Grid (EPSG:27700) aligned to its origin: an incident at
  easting x, northing y is in cell (floor(x / size), floor(y / size)), so a point exactly on
  a boundary is in the cell whose lower-left corner it is on (cells are closed on their west
  and south edges, open on their east and north ones);
- police.uk's snap points (the "On or near ..." locations), one place per point;
- LSOAs, by the code police.uk gives each incident.

The database counts (GROUP BY over the `incident_scan` index); Python only adds up the few
rows it returns. Ties: places with the same count share a rank and are listed west to east,
then south to north (cells by column then row, snap points by easting then northing), LSOAs
by code.
"""

import datetime
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import shapely
import shapely.geometry
from django.db import connections
from django.db.models import Count, F, Func, IntegerField, Q

from . import geometry
from .figures import all_imported_months
from .measures import (
    NOT_DEFINED_TEXT,
    Measure,
    add_months,
    half_up,
    month_end,
    month_label,
    months_between,
    percent_change,
    period_label,
)
from .models import Area, CrimeFamily, ImportedMonth, Incident

CELL, SNAP_POINT, LSOA = "cell", "snap-point", "lsoa"
KINDS = {CELL: "grid cells", SNAP_POINT: "snap points", LSOA: "LSOAs"}
KIND_SINGULAR = {CELL: "cell", SNAP_POINT: "snap point", LSOA: "LSOA"}
MIN_CELL_M, MAX_CELL_M, DEFAULT_CELL_M = 50, 500, 150
DEFAULT_TOP, MAX_TOP = 20, 100
DEFAULT_MONTHS, MAX_MONTHS = 12, 36
# A place is covered by an area whose target (grown by its snap tolerance) holds at least
# this share of the place's incidents in the window.
COVERED_SHARE = 0.5
CURVE_PERCENTS = tuple(range(0, 101, 5))
# The LSOA outline drawn around its incidents, as an area given by LSOA codes is drawn.
LSOA_OUTLINE_M = 25


class GridIndex(Func):
    """floor(value / size) for a whole number of metres, the same on SQLite and PostgreSQL.

    CAST truncates towards zero on SQLite and rounds on PostgreSQL, and a quotient can round
    up to the next whole number just below a boundary: both are corrected by stepping back
    one when the value is below the boundary found. `cell_index` is its twin in Python.
    """

    output_field = IntegerField()

    def __init__(self, expression, size: int):
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ValueError("A grid cell's size is a positive whole number of metres")
        self.size = size
        super().__init__(expression)

    def _sql(self, compiler, connection, whole: str):
        value, params = compiler.compile(self.source_expressions[0])
        quotient = whole.format(value=value, size=self.size)
        sql = f"({quotient} - CASE WHEN {value} < {quotient} * {self.size} THEN 1 ELSE 0 END)"
        return sql, [*params, *params, *params]

    def as_sqlite(self, compiler, connection, **extra):
        return self._sql(compiler, connection, "CAST({value} / {size}.0 AS INTEGER)")

    def as_sql(self, compiler, connection, **extra):
        return self._sql(compiler, connection, "CAST(FLOOR({value} / {size}.0) AS INTEGER)")


def cell_index(value: float, size: int) -> int:
    """The cell column (or row) of an easting (or northing): GridIndex's twin."""
    whole = math.trunc(value / size)
    return whole - (1 if value < whole * size else 0)


# ---------------------------------------------------------------- windows


@dataclass(frozen=True)
class Window:
    """Whole months from `start` to `end` (first days of months), both included."""

    start: datetime.date
    end: datetime.date

    @property
    def months(self) -> list[datetime.date]:
        return months_between(self.start, self.end)

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def last_day(self) -> datetime.date:
        return month_end(self.end)

    def previous(self) -> "Window":
        """The window of the same length just before this one."""
        length = len(self.months)
        return Window(add_months(self.start, -length), add_months(self.start, -1))

    def phrase(self) -> str:
        """'the 12 months to October 2022', or 'October 2022' for one month."""
        length = len(self.months)
        if length == 1:
            return f"{self.end:%B %Y}"
        return f"the {length} months to {self.end:%B %Y}"


def default_window(imported: set | None = None) -> Window | None:
    """The last 12 imported months (fewer when less is imported), or None when nothing is."""
    imported = all_imported_months() if imported is None else imported
    if not imported:
        return None
    last, first = max(imported), min(imported)
    return Window(max(first, add_months(last, 1 - DEFAULT_MONTHS)), last)


def _months_text(months: list[datetime.date]) -> str:
    return ", ".join(month_label(m) for m in months)


# ---------------------------------------------------------------- results


@dataclass
class Cover:
    """An existing area that holds most of a place's incidents, and the plans in it."""

    area_id: int
    area_name: str
    share: float  # of the place's incidents in the window inside the area's target
    plans: list[dict] = field(default_factory=list)  # the open plans in it: pk, reference, state


@dataclass
class Place:
    rank: int
    kind: str
    key: tuple
    count: int
    share: Measure
    cumulative_share: Measure
    months_with_incidents: int | None = None
    previous_count: int | None = None
    change: Measure = field(default_factory=lambda: Measure(None, NOT_DEFINED_TEXT))
    location: str = ""
    lsoa_name: str = ""
    geometry: dict | None = None
    covered_by: list[Cover] = field(default_factory=list)

    @property
    def id(self):
        """What names the place in --json: cell indices, snap point coordinates or an LSOA code."""
        if self.kind == CELL:
            return {"column": self.key[0], "row": self.key[1]}
        if self.kind == SNAP_POINT:
            lon, lat = self.geometry["coordinates"] if self.geometry else (None, None)
            return {"longitude": lon, "latitude": lat}
        return self.key[0]

    @property
    def token(self) -> str:
        """The place in a URL: 'column_row', 'easting_northing' or the LSOA code."""
        if self.kind == LSOA:
            return self.key[0]
        return "_".join(_number_text(v) for v in self.key)

    @property
    def label(self) -> str:
        if self.kind == CELL:
            return f"Cell {self.key[0]}, {self.key[1]}"
        if self.kind == SNAP_POINT:
            return self.location or "Snap point"
        return f"{self.key[0]} {self.lsoa_name}".strip()

    @property
    def anchor(self) -> str:
        return f"place-{self.rank}-{self.token}".replace(".", "-")


def _number_text(value) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))


@dataclass
class CurvePoint:
    percent: int  # of the places with an incident
    places: int
    incidents: int
    share: float  # of the incidents, as a percentage


@dataclass
class Ranking:
    family: CrimeFamily
    kind: str
    size: int | None
    window: Window
    previous: Window
    months_not_imported: list[datetime.date]
    previous_not_imported: list[datetime.date]
    total: int  # incidents of the family in the window with a place of this kind
    without_place: int  # the family's incidents in the window that have none (no location)
    place_count: int  # places with at least one incident
    places: list[Place]
    curve: list[CurvePoint]
    single_force: bool

    @property
    def months_imported(self) -> int:
        return len(self.window.months) - len(self.months_not_imported)

    @property
    def kind_label(self) -> str:
        if self.kind == CELL:
            return f"{self.size} m grid cells"
        return KINDS[self.kind]

    @property
    def change_missing(self) -> list[datetime.date]:
        return self.previous_not_imported + self.months_not_imported

    def top_percent(self, percent: int) -> CurvePoint | None:
        """The places in the top `percent` of places (at least one) and their share of incidents."""
        if not self.place_count:
            return None
        return _curve_point(percent, self._counts_sorted, self.total)

    _counts_sorted: list[int] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        """The ranking as `rank_places --json` and the page's JSON give it."""
        return {
            "family": self.family.name,
            "crime_types": list(self.family.crime_types),
            "kind": self.kind,
            "cell_size_m": self.size if self.kind == CELL else None,
            "window": _window_dict(self.window, self.months_not_imported),
            "previous_window": _window_dict(self.previous, self.previous_not_imported),
            "incidents": self.total,
            "incidents_without_a_place": self.without_place,
            "places_with_incidents": self.place_count,
            "tie_rule": TIE_RULE[self.kind],
            "places": [
                {
                    "rank": p.rank,
                    "id": p.id,
                    "label": p.label,
                    "geometry": p.geometry,
                    "count": p.count,
                    "share": p.share.value,
                    "cumulative_share": p.cumulative_share.value,
                    "persistence": {
                        "months_with_incidents": p.months_with_incidents,
                        "months_imported": self.months_imported,
                    },
                    "previous_count": p.previous_count,
                    "change": p.change.as_dict(),
                    "covered_by": [
                        {
                            "area": c.area_name,
                            "area_id": c.area_id,
                            "plans": [x["reference"] for x in c.plans],
                        }
                        for c in p.covered_by
                    ],
                }
                for p in self.places
            ],
            "concentration": [
                {
                    "share_of_places": c.percent,
                    "places": c.places,
                    "incidents": c.incidents,
                    "share_of_incidents": c.share,
                }
                for c in self.curve
            ],
        }


TIE_RULE = {
    CELL: "equal counts share a rank and are listed by column (west to east), then row (south to north)",
    SNAP_POINT: "equal counts share a rank and are listed by easting (west to east), then northing",
    LSOA: "equal counts share a rank and are listed by LSOA code",
}


def _window_dict(window: Window, missing) -> dict:
    return {
        "from": f"{window.start:%Y-%m}",
        "to": f"{window.end:%Y-%m}",
        "months": len(window.months),
        "months_not_imported": [f"{m:%Y-%m}" for m in missing],
    }


def _percent(part: int, whole: int) -> Measure:
    """part of whole as a percentage to one place, rounded half up on the exact fraction."""
    if not whole:
        return Measure(None, NOT_DEFINED_TEXT)
    value = half_up(_exact(part, whole), 1)
    return Measure(value, f"{value:.1f}%")


def _exact(part: int, whole: int) -> Fraction:
    return Fraction(part * 100, whole)


def _curve_point(percent: int, counts: list[int], total: int) -> CurvePoint:
    places = math.ceil(len(counts) * percent / 100) if percent else 0
    incidents = sum(counts[:places])
    share = half_up(_exact(incidents, total), 1) if total else 0.0
    return CurvePoint(percent=percent, places=places, incidents=incidents, share=share)


# ---------------------------------------------------------------- counting


def _family_rows(types, first: datetime.date, last: datetime.date):
    """The family's incidents from month `first` to month `last`: an index range on incident_scan."""
    return Incident.objects.filter(crime_type__in=sorted(types), month__gte=first, month__lte=last)


def _located(kind: str) -> Q:
    return ~Q(lsoa_code="") if kind == LSOA else Q(easting__isnull=False, northing__isnull=False)


def _with_cells(queryset, size: int):
    return queryset.annotate(cx=GridIndex(F("easting"), size), cy=GridIndex(F("northing"), size))


KEYS = {CELL: ("cx", "cy"), SNAP_POINT: ("easting", "northing"), LSOA: ("lsoa_code",)}


def count_places(
    *, kind: str, types, window: Window, size: int | None = None
) -> tuple[list[tuple[tuple, int]], int]:
    """([(place key, incidents)] for every place with an incident, most first, ties by
    TIE_RULE; the incidents with no place). One GROUP BY: the incidents without a location
    make a group of their own (a NULL cell, an empty LSOA code)."""
    rows = _family_rows(types, window.start, window.end)
    if kind == CELL:
        rows = _with_cells(rows, size)
    keys = KEYS[kind]
    counted = rows.values(*keys).annotate(n=Count("*")).order_by("-n", *keys).values_list(*keys, "n")
    # Built by the ORM, run on its cursor: thousands of plain numbers need none of the ORM's
    # per-row conversion, which cost a third as much again as the query.
    sql, params = counted.query.sql_with_params()
    with connections[counted.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(keys)
    places = [(row[:width], row[width]) for row in rows if row[0] is not None and row[0] != ""]
    return places, sum(row[width] for row in rows if row[0] is None or row[0] == "")


def _in_places_sql(kind: str, keys, types, months: list, size: int | None, connection) -> tuple[str, list]:
    """WHERE for the family's incidents in these places and months: one index range per place.

    Each place's condition repeats the family and the months, so the database seeks each
    place's range of the incident_scan index (never the whole window's rows). Written out,
    not built with Q objects: the ORM took longer to build 20 such terms than the database
    took to answer them.
    """
    type_marks = ", ".join(["%s"] * len(types))
    month_marks = ", ".join(["%s"] * len(months))
    family_sql = f"crime_type IN ({type_marks}) AND month IN ({month_marks})"
    month_values = [connection.ops.adapt_datefield_value(m) for m in months]
    family_params = [*types, *month_values]
    if kind == LSOA:
        codes = sorted(k[0] for k in keys)
        return f"{family_sql} AND lsoa_code IN ({', '.join(['%s'] * len(codes))})", [*family_params, *codes]
    terms, params = [], []
    for key in keys:
        if kind == CELL:
            x0, y0 = key[0] * size, key[1] * size
            terms.append(
                f"({family_sql} AND easting >= %s AND easting < %s AND northing >= %s AND northing < %s)"
            )
            params += [*family_params, x0, x0 + size, y0, y0 + size]
        else:
            terms.append(f"({family_sql} AND easting = %s AND northing = %s)")
            params += [*family_params, key[0], key[1]]
    return " OR ".join(terms), params


@dataclass
class _Detail:
    monthly: Counter = field(default_factory=Counter)
    points: dict = field(default_factory=dict)  # (easting, northing) -> [window count, lon, lat, location]
    lsoa_name: str = ""


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def place_details(*, kind: str, keys, types, window: Window, size: int | None = None) -> dict:
    """{key: _Detail} for these places over the window and the one before it: counts by month
    and by snap point, counted in the database from the incident_scan index alone; then the
    name (and police.uk coordinates) of each place's busiest snap point, read from one month."""
    from django.db import connection

    keys = [tuple(k) for k in keys]
    details = {key: _Detail() for key in keys}
    if not keys or not types:
        return details
    types = sorted(types)
    months = window.previous().months + window.months
    where, params = _in_places_sql(kind, keys, types, months, size, connection)
    table = connection.ops.quote_name(Incident._meta.db_table)
    lsoa = "lsoa_code, " if kind == LSOA else ""
    sql = (
        f"SELECT {lsoa}month, easting, northing, COUNT(*) FROM {table} "  # noqa: S608 - placeholders only
        f"WHERE easting IS NOT NULL AND ({where}) GROUP BY {lsoa}month, easting, northing"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    last_month_of: dict = {}
    for row in rows:
        code = row[0] if kind == LSOA else None
        month, easting, northing, n = row[-4:]
        month = _as_date(month)
        if kind == CELL:
            key = (cell_index(easting, size), cell_index(northing, size))
        elif kind == SNAP_POINT:
            key = (easting, northing)
        else:
            key = (code,)
        detail = details.get(key)
        if detail is None:  # a row on the far edge of a box belongs to the next cell
            continue
        detail.monthly[month] += n
        if window.start <= month <= window.end:
            point = detail.points.setdefault((easting, northing), [0, None, None, ""])
            point[0] += n
            last_month_of[(easting, northing)] = max(month, last_month_of.get((easting, northing), month))
    _name_busiest_points(details, kind, types, last_month_of)
    return details


def _name_busiest_points(details: dict, kind: str, types, last_month_of: dict) -> None:
    """The location (and longitude, latitude, LSOA name) of each place's busiest snap point (of
    every snap point for snap points), read from one month of it: a few rows of the table."""
    wanted = set()
    for detail in details.values():
        if kind == SNAP_POINT:
            wanted.update(detail.points)
        elif detail.points:
            wanted.add(max(detail.points, key=lambda p: (detail.points[p][0], p)))
    if not wanted:
        return
    from django.db import connection

    # Written out as place_details' query is: one index seek per point, then its few rows.
    marks = ", ".join(["%s"] * len(types))
    terms, params = [], []
    for point in sorted(wanted):
        terms.append(f"(crime_type IN ({marks}) AND month = %s AND easting = %s AND northing = %s)")
        params += [*types, connection.ops.adapt_datefield_value(last_month_of[point]), *point]
    table = connection.ops.quote_name(Incident._meta.db_table)
    sql = (
        f"SELECT DISTINCT easting, northing, longitude, latitude, location, lsoa_name FROM {table} "  # noqa: S608 - placeholders only
        f"WHERE {' OR '.join(terms)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {(row[0], row[1]): row[2:] for row in cursor.fetchall()}
    for detail in details.values():
        for point, values in detail.points.items():
            if point in found:
                lon, lat, location, lsoa_name = found[point]
                values[1:] = [lon, lat, location]
                detail.lsoa_name = detail.lsoa_name or lsoa_name


def _busiest_location(detail: _Detail) -> str:
    best = max(detail.points.values(), key=lambda p: (p[0], p[3]), default=None)
    return best[3] if best else ""


# ---------------------------------------------------------------- geometry and coverage


def cell_box(key: tuple, size: int):
    x, y = key[0] * size, key[1] * size
    return shapely.box(x, y, x + size, y + size)


def place_shape(kind: str, key: tuple, detail: _Detail, size: int | None):
    """The place in British National Grid: its square, its point, or an outline of its incidents."""
    if kind == CELL:
        return cell_box(key, size)
    if kind == SNAP_POINT:
        return shapely.Point(key)
    points = list(detail.points)
    if not points:
        return None
    return shapely.convex_hull(shapely.multipoints(points)).buffer(LSOA_OUTLINE_M)


def _geojson_all(kind: str, shapes: list, details: list) -> list[dict | None]:
    """Each place's GeoJSON (WGS84): snap points as police.uk gives them, the other shapes
    projected together in one call (one at a time cost a millisecond each)."""
    if kind == SNAP_POINT:
        result = []
        for detail in details:
            _, lon, lat, _ = next(iter(detail.points.values()), (0, None, None, ""))
            result.append(None if lon is None else {"type": "Point", "coordinates": [lon, lat]})
        return result
    present = [i for i, shape in enumerate(shapes) if shape is not None]
    result = [None] * len(shapes)
    if present:
        projected = geometry.to_wgs84(np.array([shapes[i] for i in present], dtype=object))
        rounded = shapely.transform(projected, lambda xy: np.round(xy, 7))  # about 1 cm, as areas are stored
        for i, shape in zip(present, rounded, strict=True):
            result[i] = json.loads(json.dumps(shapely.geometry.mapping(shape)))
    return result


def _extent(shapes) -> tuple | None:
    """The WGS84 box of the places (British National Grid shapes), 100 m generous, or None."""
    present = [shape for shape in shapes if shape is not None]
    if not present:
        return None
    return geometry.wgs84_bounds(shapely.box(*shapely.total_bounds(present)), margin_m=100)


class Coverage:
    """The existing areas' targets (grown by their tolerance), to ask which hold a place."""

    def __init__(self, plans_queryset=None, *, near=None):
        """`near`: (min lon, min lat, max lon, max lat) of the places asked about; areas whose
        stored box (target, tolerance and buffer) lies away from it are not read."""
        from plans.models import Plan

        areas = Area.objects.order_by("name")
        if near is not None:
            areas = areas.filter(
                Q(min_lon__isnull=True)
                | Q(min_lon__lte=near[2], max_lon__gte=near[0], min_lat__lte=near[3], max_lat__gte=near[1])
            )
        self.areas = []
        for area in areas:
            # Only the target grown by its tolerance: the buffer ring and control play no part.
            target = None
            if area.geometry:
                target = geometry.to_bng(geometry.shape(area.geometry))
                target = target.buffer(area.tolerance_m) if area.tolerance_m else target
                shapely.prepare(target)
            bounds = target.bounds if target is not None else None
            self.areas.append((area, target, bounds, frozenset(area.lsoa_codes)))
        self._plans_queryset = plans_queryset if plans_queryset is not None else Plan.objects.all()

    def name_plans(self, covers: list[Cover]) -> None:
        """Give each cover the open plans in its area (one query for every place's covers)."""
        from plans.models import OPEN_STAGES

        area_ids = {cover.area_id for cover in covers}
        if not area_ids:
            return
        found: dict[int, list[dict]] = {}
        for plan in (
            self._plans_queryset.filter(area_id__in=area_ids, state__in=OPEN_STAGES)
            .order_by("reference")
            .values("pk", "reference", "state", "area_id")
        ):
            found.setdefault(plan["area_id"], []).append(plan)
        for cover in covers:
            cover.plans = found.get(cover.area_id, [])

    def covers(self, *, kind: str, key: tuple, detail: _Detail) -> list[Cover]:
        weights = np.array([p[0] for p in detail.points.values()], dtype=float)
        xy = np.array(list(detail.points), dtype=float).reshape(-1, 2)
        found = []
        low, high = (xy.min(axis=0), xy.max(axis=0)) if len(xy) else (None, None)
        for area, target, bounds, codes in self.areas:
            if kind == LSOA and key[0] in codes:
                share = 1.0
            elif target is None or not weights.sum():
                continue
            elif high[0] < bounds[0] or low[0] > bounds[2] or high[1] < bounds[1] or low[1] > bounds[3]:
                continue  # none of the place's points is near the area
            else:
                share = float(weights[geometry.points_in(target, xy[:, 0], xy[:, 1])].sum() / weights.sum())
            if share >= COVERED_SHARE:
                found.append(Cover(area.pk, area.name, share))
        return found


# ---------------------------------------------------------------- the ranking


def _no_change(missing) -> Measure:
    """No change across months with no imported data (the ranking names them once)."""
    noun = "month" if len(missing) == 1 else "months"
    return Measure(None, f"not compared: {len(missing)} {noun} not imported")


def _single_force(window: Window) -> bool:
    forces = ImportedMonth.objects.filter(month__gte=window.start, month__lte=window.end)
    return forces.values("force").distinct().count() <= 1


def rank_places(
    *,
    family: CrimeFamily,
    window: Window,
    kind: str = CELL,
    size: int = DEFAULT_CELL_M,
    top: int = DEFAULT_TOP,
    plans=None,
    imported: set | None = None,
) -> Ranking:
    """The top places for a family over a window, with the concentration of the whole ranking.

    `plans`: the plans the reader may see (plans.selectors.plans_visible_to), named beside an
    area that covers a place; every plan when None (the command). `imported`: the months with
    imported data, when the caller has read them.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of place {kind!r}")
    size = size if kind == CELL else None
    imported = all_imported_months() if imported is None else imported
    previous = window.previous()
    missing = [m for m in window.months if m not in imported]
    previous_missing = [m for m in previous.months if m not in imported]
    types = list(family.crime_types)
    counted, without = count_places(kind=kind, types=types, window=window, size=size)
    counts = [n for _, n in counted]
    total = sum(counts)
    chosen = counted[:top]
    details = place_details(kind=kind, keys=[k for k, _ in chosen], types=types, window=window, size=size)
    places = []
    running = 0
    shapes = [place_shape(kind, key, details[key], size) for key, _ in chosen]
    outlines = _geojson_all(kind, shapes, [details[key] for key, _ in chosen])
    coverage = Coverage(plans, near=_extent(shapes))
    for (key, n), outline in zip(chosen, outlines, strict=True):
        running += n
        detail = details[key]
        previous_count = sum(detail.monthly.get(m, 0) for m in previous.months)
        place = Place(
            rank=counts.index(n) + 1,  # the first place with this count: ties share its rank
            kind=kind,
            key=key,
            count=n,
            share=_percent(n, total),
            cumulative_share=_percent(running, total),
            months_with_incidents=sum(1 for m in window.months if detail.monthly.get(m)),
            previous_count=None if previous_missing else previous_count,
            change=(
                _no_change(previous_missing + missing)
                if previous_missing or missing
                else percent_change(previous_count, n)
            ),
            location=_busiest_location(detail),
            lsoa_name=detail.lsoa_name,
            geometry=outline,
            covered_by=coverage.covers(kind=kind, key=key, detail=detail),
        )
        places.append(place)
    coverage.name_plans([cover for place in places for cover in place.covered_by])
    return Ranking(
        family=family,
        kind=kind,
        size=size,
        window=window,
        previous=previous,
        months_not_imported=missing,
        previous_not_imported=previous_missing,
        total=total,
        without_place=without,
        place_count=len(counts),
        places=places,
        curve=[_curve_point(p, counts, total) for p in CURVE_PERCENTS] if counts else [],
        single_force=_single_force(window),
        _counts_sorted=counts,
    )


# ---------------------------------------------------------------- a plan from chosen places

MAX_CHOSEN_CELLS = 25


class SelectionError(ValueError):
    """The places chosen cannot make one area; the message says what to choose instead."""


def parse_places(kind: str, tokens) -> list[tuple]:
    """Place keys from their URL tokens (Place.token), or SelectionError saying what is wrong."""
    tokens = [t.strip() for t in tokens if t and t.strip()]
    if not tokens:
        raise SelectionError("Choose at least one place from the ranking")
    if kind != CELL and len(tokens) > 1:
        raise SelectionError(f"Choose one {KIND_SINGULAR[kind]}: only grid cells can be chosen together")
    if len(tokens) > MAX_CHOSEN_CELLS:
        raise SelectionError(f"Choose at most {MAX_CHOSEN_CELLS} cells for one area")
    keys = []
    for token in tokens:
        try:
            if kind == CELL:
                column, row = token.split("_")
                key = (int(column), int(row))
            elif kind == SNAP_POINT:
                easting, northing = token.split("_")
                key = (float(easting), float(northing))
                if not all(math.isfinite(v) for v in key):
                    raise ValueError
            else:
                key = (geometry.clean_lsoa_codes([token])[0],)
        except (ValueError, geometry.GeometryError):
            raise SelectionError(f"{token[:40]!r} is not a {KIND_SINGULAR[kind]} of the ranking") from None
        if key not in keys:
            keys.append(key)
    if kind == CELL and not _edge_connected(keys):
        raise SelectionError(
            "The cells chosen are not next to each other: choose cells that share an edge, "
            "or start one plan for each place"
        )
    return keys


def _edge_connected(keys: list[tuple]) -> bool:
    remaining = set(keys)
    stack = [keys[0]]
    remaining.discard(keys[0])
    while stack:
        x, y = stack.pop()
        for neighbour in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if neighbour in remaining:
                remaining.discard(neighbour)
                stack.append(neighbour)
    return not remaining


@dataclass
class Selection:
    """The places chosen for a plan, counted as the ranking counts them."""

    family: CrimeFamily
    kind: str
    size: int | None
    keys: list[tuple]
    window: Window
    count: int
    total: int
    months_with_incidents: int
    months_imported: int
    previous_count: int
    change: Measure
    months_not_imported: list[datetime.date]
    location: str
    shape: object  # British National Grid
    single_force: bool

    @property
    def share(self) -> Measure:
        return _percent(self.count, self.total)

    @property
    def description(self) -> str:
        if self.kind == CELL:
            cells = "; ".join(f"{x}, {y}" for x, y in self.keys)
            noun = "cell" if len(self.keys) == 1 else "cells"
            return f"{self.size} m grid {noun} (column, row) {cells}"
        if self.kind == SNAP_POINT:
            return f"the snap point {self.location or ''} at easting {self.keys[0][0]:.0f}, northing {self.keys[0][1]:.0f}".replace(
                "  ", " "
            )
        return f"LSOA {self.keys[0][0]}"

    def statement(self) -> str:
        """The suggested problem statement, for the officer to edit."""
        whose = "of the force's" if self.single_force else "of all those imported"
        months = f"{self.months_with_incidents} of {self.months_imported} months"
        if self.months_imported != len(self.window.months):
            months += " imported"
        return (
            f"{self.family.name}: {self.count:,} incidents in {self.window.phrase()}, "
            f"{self.share.text} {whose}, in {months}"
        )

    def source_notes(self) -> str:
        """The plan's source: what was counted, where, over which months, from which data."""
        notes = (
            f"police.uk data: {self.family.name} (police.uk categories: {', '.join(self.family.crime_types)}) "
            f"in {self.description}, {self.window.label}: {self.count:,} incidents, {self.share.text} of "
            f"the {self.total:,} with a location, in {self.months_with_incidents} of "
            f"{self.months_imported} months imported. "
        )
        if self.months_not_imported:
            notes += f"No data imported for {_months_text(self.months_not_imported)}. "
        previous = self.window.previous()
        notes += f"Previous {len(previous.months)} months ({previous.label}): "
        notes += (
            f"{self.previous_count:,}; change {self.change.text}."
            if self.change.value is not None
            else self.change.text + "."
        )
        return notes[:2000]

    def area_geometry(self, tolerance_m: int) -> dict | None:
        """The area's outline (WGS84): the cells' union, or the circle of the radius around a
        snap point; None for an LSOA, which is given by its code."""
        if self.kind == LSOA:
            return None
        shape = self.shape.buffer(tolerance_m) if self.kind == SNAP_POINT else self.shape
        return geometry.normalise(geometry.to_wgs84(shape))


def describe_places(
    *, family: CrimeFamily, window: Window, kind: str, keys, size: int | None = None
) -> Selection:
    """The chosen places' incidents, share, persistence and change, counted as rank_places does."""
    size = size if kind == CELL else None
    types = list(family.crime_types)
    imported = all_imported_months()
    previous = window.previous()
    missing = [m for m in window.months if m not in imported]
    previous_missing = [m for m in previous.months if m not in imported]
    details = place_details(kind=kind, keys=keys, types=types, window=window, size=size)
    monthly = Counter()
    points: dict = {}
    for detail in details.values():
        monthly.update(detail.monthly)
        points.update(detail.points)
    count = sum(monthly.get(m, 0) for m in window.months)
    previous_count = sum(monthly.get(m, 0) for m in previous.months)
    total = _family_rows(types, window.start, window.end).filter(_located(kind)).count()
    merged = _Detail(monthly=monthly, points=points)
    if kind == CELL:
        shape = shapely.union_all([cell_box(k, size) for k in keys])
    else:
        shape = place_shape(kind, keys[0], merged, size)
    return Selection(
        family=family,
        kind=kind,
        size=size,
        keys=list(keys),
        window=window,
        count=count,
        total=total,
        months_with_incidents=sum(1 for m in window.months if monthly.get(m)),
        months_imported=len(window.months) - len(missing),
        previous_count=previous_count,
        change=(
            _no_change(previous_missing + missing)
            if previous_missing or missing
            else percent_change(previous_count, count)
        ),
        months_not_imported=missing,
        location=_busiest_location(merged),
        shape=shape,
        single_force=_single_force(window),
    )
