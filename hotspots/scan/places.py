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


def grid_index_sql(value: str, size: int, vendor: str) -> str:
    """floor(value / size) in SQL, exact on both databases (`value` is repeated).

    A quotient of floats can round up to the next whole number just below a boundary, so
    neither divides the value itself. PostgreSQL divides its floor, a whole number: the
    quotient of two whole numbers is never within rounding of a whole number it is not.
    SQLite has no FLOOR: CAST truncates, which is the floor from 0 up, and the division of
    two integers is exact; a negative value steps back one when it is below the boundary found.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise ValueError("A grid cell's size is a positive whole number of metres")
    if vendor == "postgresql":
        return f"CAST(FLOOR(FLOOR({value}) / {size}) AS INTEGER)"
    whole = f"CAST({value} / {size}.0 AS INTEGER)"
    below = f"({whole} - CASE WHEN {value} < {whole} * {size} THEN 1 ELSE 0 END)"
    return f"(CASE WHEN {value} >= 0 THEN CAST({value} AS INTEGER) / {size} ELSE {below} END)"


class GridIndex(Func):
    """floor(value / size) for a whole number of metres, the same on SQLite and PostgreSQL
    (grid_index_sql). `cell_index` is its twin in Python."""

    output_field = IntegerField()

    def __init__(self, expression, size: int):
        grid_index_sql("x", size, "")  # refuses a size that is not a positive whole number
        self.size = size
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):
        value, params = compiler.compile(self.source_expressions[0])
        marked = grid_index_sql("\0", self.size, connection.vendor)
        return marked.replace("\0", value), params * marked.count("\0")


def cell_index(value: float, size: int) -> int:
    """The cell column (or row) of an easting (or northing): GridIndex's twin."""
    whole = math.trunc(value / size)
    return whole - (1 if value < whole * size else 0)
