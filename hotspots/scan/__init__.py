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

The package: the kinds of place (places), the window (window), the counting (counting), the
shapes and cover (coverage), the ranking (ranking) and a plan from chosen places (selection).
"""

from .counting import count_places, place_details
from .coverage import Cover, Coverage, cell_box, place_shape
from .places import (
    CELL,
    DEFAULT_CELL_M,
    DEFAULT_MONTHS,
    DEFAULT_TOP,
    KIND_SINGULAR,
    KINDS,
    LSOA,
    MAX_CELL_M,
    MAX_MONTHS,
    MAX_TOP,
    MIN_CELL_M,
    SNAP_POINT,
    GridIndex,
    cell_index,
)
from .ranking import TIE_RULE, CurvePoint, Place, Ranking, rank_places
from .selection import MAX_CHOSEN_CELLS, Selection, SelectionError, describe_places, parse_places
from .window import Window, default_window

__all__ = [
    "CELL",
    "DEFAULT_CELL_M",
    "DEFAULT_MONTHS",
    "DEFAULT_TOP",
    "KIND_SINGULAR",
    "KINDS",
    "LSOA",
    "MAX_CELL_M",
    "MAX_CHOSEN_CELLS",
    "MAX_MONTHS",
    "MAX_TOP",
    "MIN_CELL_M",
    "SNAP_POINT",
    "TIE_RULE",
    "Cover",
    "Coverage",
    "CurvePoint",
    "GridIndex",
    "Place",
    "Ranking",
    "Selection",
    "SelectionError",
    "Window",
    "cell_box",
    "cell_index",
    "count_places",
    "default_window",
    "describe_places",
    "parse_places",
    "place_details",
    "place_shape",
    "rank_places",
]
