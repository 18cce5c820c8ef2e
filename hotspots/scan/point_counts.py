"""The incidents of each crime type, month and snap point (IncidentPointCount), counted by the
database from the incidents of the months imported: what Scan ranks grid cells from.

Written in the transaction that writes the incidents (the import service, the benchmark's
build, the migration that made the table): a month imported again is counted again, and a
month deleted takes its counts with it (the rows belong to its ImportedMonth).
"""

from .places import grid_index_sql

# The side of the squares by which the ranked cells' points are found: the default cell's, so
# a cell of the page's first ranking is one tile; a 500 m cell crosses 16.
TILE_M = 150

INCIDENTS = "hotspots_incident"
POINT_COUNTS = "hotspots_incidentpointcount"


def recount(connection, batch_ids=None) -> None:
    """Count again the incidents of these ImportedMonths (every month when None) by point."""
    vendor = connection.vendor
    where, params = "", []
    if batch_ids is not None:
        batch_ids = sorted(batch_ids)
        if not batch_ids:
            return
        where = f"WHERE batch_id IN ({', '.join(['%s'] * len(batch_ids))})"
        params = batch_ids
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {POINT_COUNTS} {where}", params)  # noqa: S608 - constants
        cursor.execute(
            f"INSERT INTO {POINT_COUNTS} "  # noqa: S608 - constants and placeholders
            "(batch_id, month, crime_type, easting, northing, tile_x, tile_y, incidents) "
            "SELECT batch_id, month, crime_type, easting, northing, "
            f"{grid_index_sql('easting', TILE_M, vendor)}, {grid_index_sql('northing', TILE_M, vendor)}, "
            f"COUNT(*) FROM {INCIDENTS} {where} "
            "GROUP BY batch_id, month, crime_type, easting, northing",
            params,
        )
