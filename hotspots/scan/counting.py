"""Counting a crime family's incidents by place in the database (GROUP BY over the
`incident_scan` index), and the details of the few places shown."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, F, Q

from ..models import Incident
from .places import CELL, LSOA, SNAP_POINT, GridIndex, cell_index
from .window import Window


def family_rows(types, first: datetime.date, last: datetime.date):
    """The family's incidents from month `first` to month `last`: an index range on incident_scan."""
    return Incident.objects.filter(crime_type__in=sorted(types), month__gte=first, month__lte=last)


def located(kind: str) -> Q:
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
    rows = family_rows(types, window.start, window.end)
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
class Detail:
    monthly: Counter = field(default_factory=Counter)
    points: dict = field(default_factory=dict)  # (easting, northing) -> [window count, lon, lat, location]
    lsoa_name: str = ""


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def place_details(*, kind: str, keys, types, window: Window, size: int | None = None) -> dict:
    """{key: Detail} for these places over the window and the one before it: counts by month
    and by snap point, counted in the database from the incident_scan index alone; then the
    name (and police.uk coordinates) of each place's busiest snap point, read from one month."""
    from django.db import connection

    keys = [tuple(k) for k in keys]
    details = {key: Detail() for key in keys}
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


def busiest_location(detail: Detail) -> str:
    best = max(detail.points.values(), key=lambda p: (p[0], p[3]), default=None)
    return best[3] if best else ""
