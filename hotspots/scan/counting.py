"""Counting a crime family's incidents by place in the database, and the details of the few
places shown: grid cells from the counts by snap point (IncidentPointCount), snap points and
LSOAs from the incidents (the `incident_scan` index)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from ..models import ImportedMonth, Incident
from .places import CELL, LSOA, SNAP_POINT, grid_index_sql
from .point_counts import INCIDENTS, POINT_COUNTS, TILE_M
from .window import Window


def family_rows(types, first: datetime.date, last: datetime.date, model=Incident):
    """The family's incidents (or counts by point) from month `first` to month `last`: an index
    range on incident_scan (point_count_scan)."""
    return model.objects.filter(crime_type__in=sorted(types), month__gte=first, month__lte=last)


def located(kind: str) -> Q:
    return ~Q(lsoa_code="") if kind == LSOA else Q(easting__isnull=False, northing__isnull=False)


def _cell_sql(size: int, vendor: str) -> tuple[str, str]:
    """The SQL of a count by point's cell (cx, cy). A cell whose side is a whole number of
    tiles is found from the tile the import stored (floor(floor(x / t) / k) = floor(x / kt)):
    the default cell is its tile, counted from an index (point_count_month_tile) with no
    expression to work out per row, a fifth less time than from the coordinates."""
    if size % TILE_M == 0:
        if size == TILE_M:
            return "tile_x", "tile_y"
        return tuple(grid_index_sql(column, size // TILE_M, vendor) for column in ("tile_x", "tile_y"))
    return tuple(grid_index_sql(column, size, vendor) for column in ("easting", "northing"))


KEYS = {CELL: ("cx", "cy"), SNAP_POINT: ("easting", "northing"), LSOA: ("lsoa_code",)}

# The columns of the counting statement's rows, whatever part of it a row comes from: which
# part, the place's key, a month (as text: SQLite's driver would convert each row's month one
# by one), a snap point, a count, a number of places, and a point's police.uk coordinates,
# location and LSOA name (or a month's force). Every part names each column's type: PostgreSQL
# matches a UNION's columns pair by pair from the first, and a bare NULL there is text.
KEY_TYPE = {CELL: "INTEGER", SNAP_POINT: "DOUBLE PRECISION", LSOA: "TEXT"}
ROW_TYPES = {
    "month": "TEXT",
    "easting": "DOUBLE PRECISION",
    "northing": "DOUBLE PRECISION",
    "n": "BIGINT",
    "places": "BIGINT",
    "lon": "DOUBLE PRECISION",
    "lat": "DOUBLE PRECISION",
    "text": "TEXT",
    "lsoa_name": "TEXT",
}


def _part(part: int, kind: str, tail: str = "", **given) -> str:
    """One SELECT of the statement: `given` columns as they are, the others typed NULLs."""
    types = {"k0": KEY_TYPE[kind], "k1": KEY_TYPE[kind], **ROW_TYPES}
    columns = ", ".join(given.get(name) or f"CAST(NULL AS {sql_type})" for name, sql_type in types.items())
    return f"SELECT {part}, {columns} {tail}".rstrip()


FIRST, COUNTS, WITHOUT, FORCES, MONTHS, POINTS, NAMES = range(7)


@dataclass
class Counted:
    """What count_places finds: the first places, every place's count, the incidents with no
    place, the months imported with their forces, and the first places' details."""

    first: list[tuple]  # [(*place key, incidents)], most first, ties by TIE_RULE
    every: list[int]  # every place's incidents, most first
    without: int
    force_months: set  # {(month, force)} of every imported month
    details: dict  # {place key: Detail} of the first places


def _family_sql(types) -> str:
    return f"crime_type IN ({', '.join(['%s'] * len(types))})"


def _counted_sql(kind: str, types, window: Window, size: int | None, connection) -> tuple[str, list]:
    """The family's incidents in the window by place (k0, k1, n): for cells, the sums of their
    points' counts (IncidentPointCount); for snap points and LSOAs, the incidents counted
    (the incident_scan index). The incidents with no place make a group of their own (a NULL
    cell or point, an empty LSOA code)."""
    if kind == CELL:
        keys, n, table = ", ".join(_cell_sql(size, connection.vendor)), "SUM(incidents)", POINT_COUNTS
    else:
        keys, n, table = ", ".join(KEYS[kind]), "COUNT(*)", INCIDENTS
    names = ["k0", "k1"][: len(KEYS[kind])]
    sql = (
        f"counted ({', '.join(names)}, n) AS (SELECT {keys}, {n} FROM {table} "  # noqa: S608 - constants and placeholders
        f"WHERE {_family_sql(types)} AND month >= %s AND month <= %s "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(names)))})"
    )
    dates = [connection.ops.adapt_datefield_value(m) for m in (window.start, window.end)]
    return sql, [*sorted(types), *dates]


def count_places(*, kind: str, types, window: Window, size: int | None = None, top: int) -> Counted:
    """The ranking's counts, and the details of its first `top` places.

    One GROUP BY, read three ways: its first places, how many places have each count (a few
    dozen rows, from which every place's count follows in order), and the group with no
    place. Returning every place instead cost as much again as the baseline's fetch, and
    ranking them with window functions a third as long again as the GROUP BY on SQLite. The
    months imported and their forces over the window and the one before it (a small table,
    which the ranking needs for the months missing and whose incidents the shares are of)
    come in the same statement, and so, for
    cells, do the first cells' details (_cell_detail_sql, from the first places found in
    SQL): one round trip in all, which on PostgreSQL costs less than one for each. Snap
    points' and LSOAs' details are read apart (place_details).
    """
    from django.db import connection

    types = sorted(types)
    counted, params = _counted_sql(kind, types, window, size, connection)
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
        _part(FIRST, kind, "FROM first_places", **keys, n="n"),
        _part(COUNTS, kind, f"FROM counted WHERE {has_place} GROUP BY n", n="n", places="COUNT(*)"),
        _part(WITHOUT, kind, f"FROM counted WHERE NOT ({has_place})", n="n"),
        # GROUP BY, not DISTINCT, which would make text of the NULLs before the UNION matched them.
        _part(
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
        detail = _cell_detail_sql(types, window, size, connection)
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


@dataclass
class DetailSql:
    ctes: list[str]
    cte_params: list
    parts: list[str]  # SELECTs of the statement's UNION ALL
    part_params: list


def _cell_detail_sql(types, window: Window, size: int, connection) -> DetailSql:
    """The SQL of the details of the cells of a CTE `cells (x, y)`: each cell's counts by
    month over the window and its count over the one before it; its points' counts in the
    window (with the last month each had one); and the name (and police.uk coordinates, LSOA
    name) of its busiest point, from that point's incidents of that month.

    Each cell's points are found by the tiles (TILE_M squares) it crosses, worked out in SQL
    from the cell (an index range per cell on point_count_tile, never the window's rows), and
    kept when they are in the cell (a tile reaches out of a cell whose side is not a whole
    number of tiles). The busiest point is the one with the most incidents in the window,
    then the easternmost, then the northernmost (as _name_busiest_points chooses it); its
    name comes from an index seek of the incidents per cell.
    """
    vendor = connection.vendor
    cx, cy = _cell_sql(size, vendor)

    def tiles(column: str, cell: str) -> str:
        low = grid_index_sql(f"{cell} * {size}", TILE_M, vendor)
        high = grid_index_sql(f"({cell} + 1) * {size} - 1", TILE_M, vendor)
        return f"{column} >= {low} AND {column} <= {high}"

    start, first, last = (
        connection.ops.adapt_datefield_value(m) for m in (window.start, window.previous().start, window.end)
    )
    incidents = connection.ops.quote_name(Incident._meta.db_table)
    ctes = [
        f"found AS (SELECT cells.x AS cx, cells.y AS cy, month, easting, northing, incidents "  # noqa: S608 - constants and placeholders
        # CROSS JOIN: SQLite then reads the cells first (PostgreSQL plans it as any join);
        # otherwise it read both windows' rows of the family by month and matched them to cells.
        f"FROM cells CROSS JOIN {POINT_COUNTS} WHERE {_family_sql(types)} "
        f"AND {tiles('tile_x', 'cells.x')} AND {tiles('tile_y', 'cells.y')} "
        f"AND month >= %s AND month <= %s AND {cx} = cells.x AND {cy} = cells.y)",
        "points AS (SELECT cx, cy, MAX(month) AS month, easting, northing, SUM(incidents) AS n FROM found "
        "WHERE month >= %s GROUP BY cx, cy, easting, northing)",
        "ranked AS (SELECT month, easting, northing, ROW_NUMBER() OVER "
        "(PARTITION BY cx, cy ORDER BY n DESC, easting DESC, northing DESC) AS r FROM points)",
        "busiest AS (SELECT month, easting, northing FROM ranked WHERE r = 1)",
    ]
    parts = [
        _part(
            MONTHS,
            CELL,
            # The month, or NULL for the window before (the 4th column: the part, then the cell).
            "FROM found GROUP BY cx, cy, 4",
            k0="cx",
            k1="cy",
            month="CASE WHEN month >= %s THEN CAST(month AS TEXT) END",
            n="SUM(incidents)",
        ),
        _part(
            POINTS,
            CELL,
            "FROM points",
            k0="cx",
            k1="cy",
            month="CAST(month AS TEXT)",
            easting="easting",
            northing="northing",
            n="n",
        ),
        _part(
            NAMES,
            CELL,
            f"FROM busiest JOIN {incidents} AS i ON i.{_family_sql(types)} AND i.month = busiest.month "
            "AND i.easting = busiest.easting AND i.northing = busiest.northing "
            # GROUP BY, not DISTINCT, which would make text of the NULLs before the UNION matched them.
            "GROUP BY i.easting, i.northing, i.longitude, i.latitude, i.location, i.lsoa_name",
            easting="i.easting",
            northing="i.northing",
            lon="i.longitude",
            lat="i.latitude",
            text="i.location",
            lsoa_name="i.lsoa_name",
        ),
    ]
    return DetailSql(ctes, [*types, first, last, start], parts, [start, *types])


def _read_cell_details(details: dict, rows) -> None:
    """Fill the cells' details, and name each cell's busiest point, from _cell_detail_sql's rows."""
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
    detail = _cell_detail_sql(types, window, size, connection)
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
