"""Counting a crime family's incidents by place in the database, and the details of the few
places shown: grid cells from the counts by snap point (IncidentPointCount), snap points and
LSOAs from the incidents (the `incident_scan` index)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from ..models import ImportedMonth, Incident
from .places import CELL, LSOA, SNAP_POINT
from .statement import (
    COUNTS,
    FIRST,
    FORCES,
    KEYS,
    MONTHS,
    NAMES,
    POINTS,
    WITHOUT,
    cell_detail_sql,
    counted_sql,
    part_sql,
)
from .window import Window


def family_rows(types, first: datetime.date, last: datetime.date, model=Incident):
    """The family's incidents (or counts by point) from month `first` to month `last`: an index
    range on incident_scan (point_count_scan)."""
    return model.objects.filter(crime_type__in=sorted(types), month__gte=first, month__lte=last)


def located(kind: str) -> Q:
    return ~Q(lsoa_code="") if kind == LSOA else Q(easting__isnull=False, northing__isnull=False)


@dataclass
class Counted:
    """What count_places finds: the first places, every place's count, the incidents with no
    place, the months imported with their forces, and the first places' details."""

    first: list[tuple]  # [(*place key, incidents)], most first, ties by TIE_RULE
    every: list[int]  # every place's incidents, most first
    without: int
    force_months: set  # {(month, force)} of every imported month
    details: dict  # {place key: Detail} of the first places


def count_places(*, kind: str, types, window: Window, size: int | None = None, top: int) -> Counted:
    """The ranking's counts, and the details of its first `top` places.

    One GROUP BY, read three ways: its first places, how many places have each count (a few
    dozen rows, from which every place's count follows in order), and the group with no
    place. Returning every place instead cost as much again as the baseline's fetch, and
    ranking them with window functions a third as long again as the GROUP BY on SQLite. The
    months imported and their forces over the window and the one before it (a small table,
    which the ranking needs for the months missing and whose incidents the shares are of)
    come in the same statement, and so, for
    cells, do the first cells' details (cell_detail_sql, from the first places found in
    SQL): one round trip in all, which on PostgreSQL costs less than one for each. Snap
    points' and LSOAs' details are read apart (place_details).
    """
    from django.db import connection

    types = sorted(types)
    counted, params = counted_sql(kind, types, window, size, connection)
    names = ["k0", "k1"][: len(KEYS[kind])]
    keys = dict(zip(names, names, strict=True))
    columns = ", ".join(names)
    has_place = "k0 <> ''" if kind == LSOA else "k0 IS NOT NULL"
    imported = ImportedMonth._meta.db_table
    ctes = [
        counted,
        f"first_places AS (SELECT {columns}, n FROM counted WHERE {has_place} "  # noqa: S608 - names and a whole number
        f"ORDER BY n DESC, {columns} LIMIT {int(top)})",
    ]
    parts = [
        part_sql(FIRST, kind, "FROM first_places", **keys, n="n"),
        part_sql(COUNTS, kind, f"FROM counted WHERE {has_place} GROUP BY n", n="n", places="COUNT(*)"),
        part_sql(WITHOUT, kind, f"FROM counted WHERE NOT ({has_place})", n="n"),
        # GROUP BY, not DISTINCT, which would make text of the NULLs before the UNION matched them.
        part_sql(
            FORCES,
            kind,
            f"FROM {imported} WHERE month >= %s AND month <= %s GROUP BY month, force",
            month="CAST(month AS TEXT)",
            text="force",
        ),
    ]
    part_params = [connection.ops.adapt_datefield_value(m) for m in (window.previous().start, window.end)]
    if kind == CELL:
        ctes.append("cells (x, y) AS (SELECT k0, k1 FROM first_places)")
        detail = cell_detail_sql(types, window, size, connection)
        ctes += detail.ctes
        parts += detail.parts
        params += detail.cte_params
        part_params += detail.part_params
    params += part_params
    sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    first, counts, without, force_months = [], [], 0, set()
    for row in rows:
        part, *key = row[: 1 + len(names)]
        if part == FIRST:
            first.append((*key, row[6]))
        elif part == COUNTS:
            counts.append((row[6], row[7]))
        elif part == WITHOUT:
            without += row[6]
        elif part == FORCES:
            force_months.add((datetime.date.fromisoformat(row[3][:10]), row[10]))
    first.sort(key=lambda row: (-row[-1], *row[:-1]))
    every = []
    for n, places in sorted(counts, reverse=True):
        every += [n] * places
    place_keys = [tuple(row[:-1]) for row in first]
    if kind == CELL:
        details = {key: Detail() for key in place_keys}
        _read_cell_details(details, rows)
    else:
        details = place_details(kind=kind, keys=place_keys, types=types, window=window, size=size)
    return Counted(first, every, without, force_months, details)


def _in_places_sql(kind: str, keys, types, months: list, connection) -> tuple[str, list]:
    """WHERE for the family's incidents at these snap points or in these LSOAs and months: one
    index range per place.

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
        terms.append(f"({family_sql} AND easting = %s AND northing = %s)")
        params += [*family_params, key[0], key[1]]
    return " OR ".join(terms), params


def _read_cell_details(details: dict, rows) -> None:
    """Fill the cells' details, and name each cell's busiest point, from cell_detail_sql's rows."""
    found = {}
    dates = {}  # the month's text -> its date, worked out once a month
    for part, cx, cy, month, easting, northing, n, _, *named in rows:
        if part == NAMES:
            found[(easting, northing)] = named
        elif part == MONTHS and month is None:
            details[(cx, cy)].previous += n
        elif part == MONTHS:
            day = dates.get(month) or dates.setdefault(month, datetime.date.fromisoformat(month[:10]))
            details[(cx, cy)].monthly[day] += n
        elif part == POINTS:
            details[(cx, cy)].points[(easting, northing)] = [n, None, None, ""]
    _apply_names(details, found)


def _cell_details(details: dict, types, window: Window, size: int, connection) -> None:
    """The details of these cells (the keys of `details`), in one statement."""
    cells = ", ".join(f"({int(cx)}, {int(cy)})" for cx, cy in sorted(details))
    detail = cell_detail_sql(types, window, size, connection)
    sql = (
        f"WITH cells (x, y) AS (VALUES {cells}), {', '.join(detail.ctes)} {' UNION ALL '.join(detail.parts)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, detail.cte_params + detail.part_params)
        _read_cell_details(details, cursor.fetchall())


@dataclass
class Detail:
    monthly: Counter = field(default_factory=Counter)  # the window's months
    previous: int = 0  # the incidents of the window before it
    points: dict = field(default_factory=dict)  # (easting, northing) -> [window count, lon, lat, location]
    lsoa_name: str = ""


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def place_details(*, kind: str, keys, types, window: Window, size: int | None = None) -> dict:
    """{key: Detail} for these places over the window and the one before it: counts by month
    (one count for the window before) and by snap point, counted in the database from the incident_scan index alone; then the
    name (and police.uk coordinates) of each place's busiest snap point, read from one month."""
    from django.db import connection

    keys = [tuple(k) for k in keys]
    details = {key: Detail() for key in keys}
    if not keys or not types:
        return details
    types = sorted(types)
    if kind == CELL:
        _cell_details(details, types, window, size, connection)
        return details
    months = window.previous().months + window.months
    where, params = _in_places_sql(kind, keys, types, months, connection)
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
        key = (easting, northing) if kind == SNAP_POINT else (code,)
        detail = details.get(key)
        if detail is None:
            continue
        if month < window.start:
            detail.previous += n
            continue
        detail.monthly[month] += n
        if month <= window.end:
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
    _apply_names(details, found)


def _apply_names(details: dict, found: dict) -> None:
    """Give the points named in `found` ({point: (lon, lat, location, LSOA name)}) their values."""
    for detail in details.values():
        for point, values in detail.points.items():
            if point in found:
                lon, lat, location, lsoa_name = found[point]
                values[1:] = [lon, lat, location]
                detail.lsoa_name = detail.lsoa_name or lsoa_name


def busiest_location(detail: Detail) -> str:
    best = max(detail.points.values(), key=lambda p: (p[0], p[3]), default=None)
    return best[3] if best else ""
