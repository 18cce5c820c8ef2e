"""The three kinds of place Scan ranks (grid cells, snap points, LSOAs), their limits, and the
grid's cell index."""

import math

from django.db.models import Func, IntegerField

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
