"""The SQL of Scan's counting statement (hotspots.scan.counting): the shape of its rows, its
parts, the count by place and the SQL of the shown cells' details.

One statement answers the ranking: each of its SELECTs (a part) gives rows of the same
columns, the part first, so the rows of a UNION ALL can be told apart. Written as SQL, not
through the ORM: the ORM took longer to build these than the database took to answer them.
"""

from dataclasses import dataclass

from ..models import Incident
from .places import CELL, LSOA, SNAP_POINT, grid_index_sql
from .point_counts import INCIDENTS, POINT_COUNTS, TILE_M
from .window import Window


def cell_sql(size: int, vendor: str) -> tuple[str, str]:
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


def part_sql(part: int, kind: str, tail: str = "", **given) -> str:
    """One SELECT of the statement: `given` columns as they are, the others typed NULLs."""
    types = {"k0": KEY_TYPE[kind], "k1": KEY_TYPE[kind], **ROW_TYPES}
    columns = ", ".join(given.get(name) or f"CAST(NULL AS {sql_type})" for name, sql_type in types.items())
    return f"SELECT {part}, {columns} {tail}".rstrip()


FIRST, COUNTS, WITHOUT, FORCES, MONTHS, POINTS, NAMES = range(7)


def family_sql(types) -> str:
    return f"crime_type IN ({', '.join(['%s'] * len(types))})"


def counted_sql(kind: str, types, window: Window, size: int | None, connection) -> tuple[str, list]:
    """The family's incidents in the window by place (k0, k1, n): for cells, the sums of their
    points' counts (IncidentPointCount); for snap points and LSOAs, the incidents counted
    (the incident_scan index). The incidents with no place make a group of their own (a NULL
    cell or point, an empty LSOA code)."""
    if kind == CELL:
        keys, n, table = ", ".join(cell_sql(size, connection.vendor)), "SUM(incidents)", POINT_COUNTS
    else:
        keys, n, table = ", ".join(KEYS[kind]), "COUNT(*)", INCIDENTS
    names = ["k0", "k1"][: len(KEYS[kind])]
    sql = (
        f"counted ({', '.join(names)}, n) AS (SELECT {keys}, {n} FROM {table} "  # noqa: S608 - constants and placeholders
        f"WHERE {family_sql(types)} AND month >= %s AND month <= %s "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(names)))})"
    )
    dates = [connection.ops.adapt_datefield_value(m) for m in (window.start, window.end)]
    return sql, [*sorted(types), *dates]


@dataclass
class DetailSql:
    ctes: list[str]
    cte_params: list
    parts: list[str]  # SELECTs of the statement's UNION ALL
    part_params: list


def cell_detail_sql(types, window: Window, size: int, connection) -> DetailSql:
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
    cx, cy = cell_sql(size, vendor)

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
        f"FROM cells CROSS JOIN {POINT_COUNTS} WHERE {family_sql(types)} "
        f"AND {tiles('tile_x', 'cells.x')} AND {tiles('tile_y', 'cells.y')} "
        f"AND month >= %s AND month <= %s AND {cx} = cells.x AND {cy} = cells.y)",
        "points AS (SELECT cx, cy, MAX(month) AS month, easting, northing, SUM(incidents) AS n FROM found "
        "WHERE month >= %s GROUP BY cx, cy, easting, northing)",
        "ranked AS (SELECT month, easting, northing, ROW_NUMBER() OVER "
        "(PARTITION BY cx, cy ORDER BY n DESC, easting DESC, northing DESC) AS r FROM points)",
        "busiest AS (SELECT month, easting, northing FROM ranked WHERE r = 1)",
    ]
    parts = [
        part_sql(
            MONTHS,
            CELL,
            # The month, or NULL for the window before (the 4th column: the part, then the cell).
            "FROM found GROUP BY cx, cy, 4",
            k0="cx",
            k1="cy",
            month="CASE WHEN month >= %s THEN CAST(month AS TEXT) END",
            n="SUM(incidents)",
        ),
        part_sql(
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
        part_sql(
            NAMES,
            CELL,
            f"FROM busiest JOIN {incidents} AS i ON i.{family_sql(types)} AND i.month = busiest.month "
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
