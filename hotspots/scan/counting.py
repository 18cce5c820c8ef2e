"""Counting a crime family's incidents by place in the database, and the details of the few
places shown: grid cells from the counts by snap point (IncidentPointCount), snap points and
LSOAs from the incidents (the `incident_scan` index)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, F, Q, Sum

from ..models import ImportedMonth, Incident, IncidentPointCount
from .places import CELL, LSOA, SNAP_POINT, GridIndex, grid_index_sql
from .point_counts import TILE_M
from .window import Window


def family_rows(types, first: datetime.date, last: datetime.date, model=Incident):
    """The family's incidents (or counts by point) from month `first` to month `last`: an index
    range on incident_scan (point_count_scan)."""
    return model.objects.filter(crime_type__in=sorted(types), month__gte=first, month__lte=last)


def located(kind: str) -> Q:
    return ~Q(lsoa_code="") if kind == LSOA else Q(easting__isnull=False, northing__isnull=False)


def _with_cells(queryset, size: int):
    """The counts by point with their cell (cx, cy). A cell whose side is a whole number of
    tiles is found from the tile the import stored (floor(floor(x / t) / k) = floor(x / kt)):
    the default cell is its tile, counted from an index (point_count_month_tile) with no
    expression to work out per row, a fifth less time than from the coordinates."""
    if size % TILE_M == 0:
        if size == TILE_M:
            return queryset.annotate(cx=F("tile_x"), cy=F("tile_y"))
        return queryset.annotate(
            cx=GridIndex(F("tile_x"), size // TILE_M), cy=GridIndex(F("tile_y"), size // TILE_M)
        )
    return queryset.annotate(cx=GridIndex(F("easting"), size), cy=GridIndex(F("northing"), size))


def _cell_sql(size: int, vendor: str) -> tuple[str, str]:
    """The SQL of a count by point's cell, as _with_cells works it out."""
    if size % TILE_M == 0:
        if size == TILE_M:
            return "tile_x", "tile_y"
        return tuple(grid_index_sql(column, size // TILE_M, vendor) for column in ("tile_x", "tile_y"))
    return tuple(grid_index_sql(column, size, vendor) for column in ("easting", "northing"))


KEYS = {CELL: ("cx", "cy"), SNAP_POINT: ("easting", "northing"), LSOA: ("lsoa_code",)}


def count_places(
    *, kind: str, types, window: Window, size: int | None = None, top: int
) -> tuple[list[tuple], list[int], int, set]:
    """([(*place key, incidents)] of the first `top` places, most first, ties by TIE_RULE;
    every place's incidents, most first; the incidents with no place; every imported
    {(month, force)}).

    One GROUP BY (the incidents without a location make a group of their own: a NULL cell or
    point, an empty LSOA code), read three ways: its first places, how many places have each
    count (a few dozen rows, from which every place's count follows in order), and the group
    with no place. Returning every place instead cost as much again as the baseline's fetch,
    and ranking them with window functions a third as long again as the GROUP BY on SQLite.
    The months imported and their forces (a small table, which the ranking needs for the
    months missing and whose incidents the shares are of) come in the same statement: one
    round trip fewer, which on PostgreSQL costs more than reading them.
    """
    keys = KEYS[kind]
    if kind == CELL:  # a cell's count is the sum of its points' counts
        rows = _with_cells(family_rows(types, window.start, window.end, IncidentPointCount), size)
        counted = rows.values(*keys).annotate(n=Sum("incidents"))
    else:
        counted = family_rows(types, window.start, window.end).values(*keys).annotate(n=Count("*"))
    inner, params = counted.order_by().values_list(*keys, "n").query.sql_with_params()
    names = [f"k{i}" for i in range(len(keys))]
    columns = ", ".join(names)
    nulls = ", ".join(["NULL"] * len(keys))
    has_place = "k0 <> ''" if kind == LSOA else "k0 IS NOT NULL"
    imported = ImportedMonth._meta.db_table
    sql = (
        f"WITH counted ({columns}, n) AS ({inner}) "  # noqa: S608 - the ORM's SQL, names and a whole number
        f"SELECT 0, {columns}, n, 1, NULL, NULL FROM (SELECT {columns}, n FROM counted WHERE {has_place} "
        f"ORDER BY n DESC, {columns} LIMIT {int(top)}) AS first_places "
        f"UNION ALL SELECT 1, {nulls}, n, COUNT(*), NULL, NULL FROM counted WHERE {has_place} GROUP BY n "
        f"UNION ALL SELECT 2, {nulls}, n, 1, NULL, NULL FROM counted WHERE NOT ({has_place}) "
        # GROUP BY, not DISTINCT, which would make text of the NULLs before the UNION matched them.
        f"UNION ALL SELECT 3, {nulls}, NULL, NULL, CAST(month AS TEXT), force FROM {imported} GROUP BY month, force"
    )
    with connections[counted.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    first, counts, without, force_months = [], [], 0, set()
    for part, *key, n, places, month, force in rows:
        if part == 0:
            first.append((*key, n))
        elif part == 1:
            counts.append((n, places))
        elif part == 2:
            without += n
        else:
            force_months.add((datetime.date.fromisoformat(month[:10]), force))
    first.sort(key=lambda row: (-row[-1], *row[:-1]))
    every = []
    for n, places in sorted(counts, reverse=True):
        every += [n] * places
    return first, every, without, force_months


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


def _tiles(low: int, size: int) -> range:
    """The tiles (TILE_M squares) a cell's side from `low` to `low + size` metres crosses."""
    return range(low // TILE_M, -(-(low + size) // TILE_M))


def _cells_detail_sql(keys, types, window: Window, size: int, connection) -> tuple[str, list]:
    """Each of these cells' counts by month over the window and the one before it; its points'
    counts in the window (with the last month each had one); and the name (and police.uk
    coordinates, LSOA name) of its busiest point, from that point's incidents of that month:
    one statement, two GROUP BYs of the counts by point found by the tiles the cells cross (an
    index seek per tile), then an index seek of the incidents per cell.

    The tiles are whole numbers made here, written into the SQL: joined to the rows, not an
    OR of terms (which SQLite answers by reading every row found from the table). A tile that
    reaches out of its cell (a cell size that is not a multiple of TILE_M) brings points of
    other cells, which _cell_details leaves out (and which are not named). The busiest point
    is the one with the most incidents in the window, then the easternmost, then the
    northernmost (as _name_busiest_points chooses it).
    """
    tiles = set()
    for cx, cy in keys:
        tiles.update((tx, ty) for tx in _tiles(cx * size, size) for ty in _tiles(cy * size, size))
    tile_values = ", ".join(f"({int(tx)}, {int(ty)})" for tx, ty in sorted(tiles))
    cell_values = ", ".join(f"({int(cx)}, {int(cy)})" for cx, cy in sorted(set(keys)))
    marks = ", ".join(["%s"] * len(types))
    start, first, last = (
        connection.ops.adapt_datefield_value(m) for m in (window.start, window.previous().start, window.end)
    )
    cx, cy = _cell_sql(size, connection.vendor)
    table = connection.ops.quote_name(IncidentPointCount._meta.db_table)
    incidents = connection.ops.quote_name(Incident._meta.db_table)
    sql = (
        f"WITH tiles (x, y) AS (VALUES {tile_values}), cells (x, y) AS (VALUES {cell_values}), "  # noqa: S608 - placeholders and whole numbers
        f"found AS (SELECT {cx} AS cx, {cy} AS cy, month, easting, northing, incidents "
        f"FROM tiles JOIN {table} ON tile_x = tiles.x AND tile_y = tiles.y "
        f"WHERE crime_type IN ({marks}) AND month >= %s AND month <= %s), "
        "points AS (SELECT cx, cy, MAX(month) AS month, easting, northing, SUM(incidents) AS n FROM found "
        "WHERE month >= %s GROUP BY cx, cy, easting, northing), "
        "ranked AS (SELECT cx, cy, month, easting, northing, ROW_NUMBER() OVER "
        "(PARTITION BY cx, cy ORDER BY n DESC, easting DESC, northing DESC) AS r FROM points), "
        "busiest AS (SELECT month, easting, northing FROM ranked "
        "JOIN cells ON ranked.cx = cells.x AND ranked.cy = cells.y WHERE r = 1) "
        # Months as text: SQLite's driver would convert each row's month one by one.
        # Typed NULLs: PostgreSQL matches a UNION's columns pair by pair from the first.
        "SELECT cx, cy, CAST(month AS TEXT), NULL, NULL, SUM(incidents), "
        "CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS DOUBLE PRECISION), NULL, NULL "
        "FROM found GROUP BY cx, cy, month "
        "UNION ALL SELECT cx, cy, CAST(month AS TEXT), easting, northing, n, NULL, NULL, NULL, NULL FROM points "
        "UNION ALL SELECT NULL, NULL, NULL, i.easting, i.northing, NULL, "
        "i.longitude, i.latitude, i.location, i.lsoa_name "
        f"FROM busiest JOIN {incidents} AS i ON i.crime_type IN ({marks}) AND i.month = busiest.month "
        "AND i.easting = busiest.easting AND i.northing = busiest.northing "
        # GROUP BY, not DISTINCT, which would make text of the NULLs before the UNION matched them.
        "GROUP BY i.easting, i.northing, i.longitude, i.latitude, i.location, i.lsoa_name"
    )
    return sql, [*types, first, last, start, *types]


def _cell_details(details: dict, keys, types, window: Window, size: int, connection) -> None:
    """Fill the cells' details, and name each cell's busiest point, from _cells_detail_sql."""
    sql, params = _cells_detail_sql(keys, types, window, size, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {}
    dates = {}  # the month's text -> its date, worked out once a month
    for cx, cy, month, easting, northing, n, *named in rows:
        if cx is None:  # the busiest point's name
            found[(easting, northing)] = named
            continue
        detail = details.get((cx, cy))
        if detail is None:  # a tile that reaches out of the cells brings points of others
            continue
        if easting is None:
            day = dates.get(month) or dates.setdefault(month, datetime.date.fromisoformat(month[:10]))
            detail.monthly[day] += n
        else:
            detail.points[(easting, northing)] = [n, None, None, ""]
    _apply_names(details, found)


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
    if kind == CELL:
        _cell_details(details, keys, types, window, size, connection)
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
