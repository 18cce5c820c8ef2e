"""A plan from chosen places: the places a user ticked, checked and described."""

import datetime
import math
from collections import Counter
from dataclasses import dataclass

import shapely
import shapely.geometry

from .. import geometry
from ..figure_counts import all_imported_months
from ..measures import Measure, percent_change
from ..models import CrimeFamily
from .counting import Detail, busiest_location, family_rows, located, place_details
from .coverage import cell_box, place_shape
from .places import CELL, KIND_SINGULAR, LSOA, SNAP_POINT
from .ranking import is_single_force, no_change, percent_of
from .window import Window, months_text

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
        return percent_of(self.count, self.total)

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
            notes += f"No data imported for {months_text(self.months_not_imported)}. "
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
    previous_count = sum(detail.previous for detail in details.values())
    total = family_rows(types, window.start, window.end).filter(located(kind)).count()
    merged = Detail(monthly=monthly, points=points)
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
            no_change(previous_missing + missing)
            if previous_missing or missing
            else percent_change(previous_count, count)
        ),
        months_not_imported=missing,
        location=busiest_location(merged),
        shape=shape,
        single_force=is_single_force(window),
    )
