"""A place's shape, and which of the programme's areas cover the ranked places."""

import json
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.geometry

from .. import geometry
from ..models import Area
from .counting import Detail
from .places import CELL, COVERED_SHARE, LSOA, LSOA_OUTLINE_M, SNAP_POINT


@dataclass
class Cover:
    """An existing area that holds most of a place's incidents, and the plans in it."""

    area_id: int
    area_name: str
    share: float  # of the place's incidents in the window inside the area's target
    plans: list[dict] = field(default_factory=list)  # the open plans in it: pk, reference, state


def cell_box(key: tuple, size: int):
    x, y = key[0] * size, key[1] * size
    return shapely.box(x, y, x + size, y + size)


def place_shape(kind: str, key: tuple, detail: Detail, size: int | None):
    """The place in British National Grid: its square, its point, or an outline of its incidents."""
    if kind == CELL:
        return cell_box(key, size)
    if kind == SNAP_POINT:
        return shapely.Point(key)
    points = list(detail.points)
    if not points:
        return None
    return shapely.convex_hull(shapely.multipoints(points)).buffer(LSOA_OUTLINE_M)


def geojson_all(kind: str, shapes: list, details: list) -> list[dict | None]:
    """Each place's GeoJSON (WGS84): snap points as police.uk gives them, the other shapes
    projected together in one call (one at a time cost a millisecond each)."""
    if kind == SNAP_POINT:
        result = []
        for detail in details:
            _, lon, lat, _ = next(iter(detail.points.values()), (0, None, None, ""))
            result.append(None if lon is None else {"type": "Point", "coordinates": [lon, lat]})
        return result
    present = [i for i, shape in enumerate(shapes) if shape is not None]
    result = [None] * len(shapes)
    if present:
        projected = geometry.to_wgs84(np.array([shapes[i] for i in present], dtype=object))
        rounded = shapely.transform(projected, lambda xy: np.round(xy, 7))  # about 1 cm, as areas are stored
        for i, shape in zip(present, rounded, strict=True):
            result[i] = _geojson(shape)
    return result


def _geojson(shape) -> dict:
    """The shape's GeoJSON with lists, as JSON gives it back: a polygon without holes (a cell,
    an LSOA's outline) straight from its coordinates, anything else through JSON."""
    if shape.geom_type == "Polygon" and not shape.interiors:
        return {"type": "Polygon", "coordinates": [shapely.get_coordinates(shape).tolist()]}
    return json.loads(json.dumps(shapely.geometry.mapping(shape)))


def extent(shapes) -> tuple | None:
    """The WGS84 box of the places (British National Grid shapes), 100 m generous, or None."""
    present = [shape for shape in shapes if shape is not None]
    if not present:
        return None
    # The box grown by 100 m is drawn as a box: the same bounds as the rounded outline a
    # buffer makes, in 5 points to project rather than some 70.
    x0, y0, x1, y1 = shapely.total_bounds(present)
    return geometry.wgs84_bounds(shapely.box(x0 - 100, y0 - 100, x1 + 100, y1 + 100), margin_m=0)


@dataclass
class _Area:
    pk: int
    name: str
    geometry: dict | None
    tolerance_m: int
    lsoa_codes: list


def _areas_near(near) -> list[_Area]:
    """The areas (by name) whose stored box (target, tolerance and buffer) meets `near`, and
    those with no box (given by LSOA codes). Written out: building the ORM's query and its
    model instances took longer than the database took to answer it."""
    from django.db import connection

    where, params = "", []
    if near is not None:
        where = (
            "WHERE min_lon IS NULL OR (min_lon <= %s AND max_lon >= %s AND min_lat <= %s AND max_lat >= %s)"
        )
        params = [near[2], near[0], near[3], near[1]]
    table = connection.ops.quote_name(Area._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, name, geometry, tolerance_m, lsoa_codes FROM {table} {where} ORDER BY name",  # noqa: S608 - placeholders only
            params,
        )
        rows = cursor.fetchall()
    # JSON as text on both databases (Django reads PostgreSQL's jsonb as text too).
    return [
        _Area(pk, name, json.loads(shape) if shape else None, tolerance, json.loads(codes) if codes else [])
        for pk, name, shape, tolerance, codes in rows
    ]


class Coverage:
    """The existing areas' targets (grown by their tolerance), to ask which hold a place."""

    def __init__(self, plans_queryset=None, *, near=None):
        """`near`: (min lon, min lat, max lon, max lat) of the places asked about; areas whose
        stored box (target, tolerance and buffer) lies away from it are not read."""
        from plans.models import Plan

        areas = _areas_near(near)
        # Only the target grown by its tolerance: the buffer ring and control play no part.
        # Projected together in one call, as geojson_all does (one at a time cost a
        # millisecond each).
        drawn = [area for area in areas if area.geometry]
        targets = {}
        if drawn:
            projected = geometry.to_bng(np.array([geometry.shape(a.geometry) for a in drawn], dtype=object))
            for area, target in zip(drawn, projected, strict=True):
                target = target.buffer(area.tolerance_m) if area.tolerance_m else target
                shapely.prepare(target)
                targets[area.pk] = target
        self.areas = []
        for area in areas:
            target = targets.get(area.pk)
            bounds = target.bounds if target is not None else None
            self.areas.append((area, target, bounds, frozenset(area.lsoa_codes)))
        self._plans_queryset = plans_queryset if plans_queryset is not None else Plan.objects.all()

    def name_plans(self, covers: list[Cover]) -> None:
        """Give each cover the open plans in its area (one query for every place's covers)."""
        from plans.models import OPEN_STAGES

        area_ids = {cover.area_id for cover in covers}
        if not area_ids:
            return
        found: dict[int, list[dict]] = {}
        for plan in (
            # By area, then reference: ordered by reference alone, SQLite read every plan in
            # that order (its unique index) rather than the areas' open plans by theirs.
            self._plans_queryset.filter(area_id__in=area_ids, state__in=OPEN_STAGES)
            .order_by("area_id", "reference")
            .values("pk", "reference", "state", "area_id")
        ):
            found.setdefault(plan["area_id"], []).append(plan)
        for cover in covers:
            cover.plans = found.get(cover.area_id, [])

    def covers(self, *, kind: str, places: list[tuple[tuple, Detail]]) -> list[list[Cover]]:
        """The covers of each (key, detail) place, in the order of the places: the areas
        (by name) whose target holds at least COVERED_SHARE of its incidents in the window,
        or, for an LSOA, whose LSOA codes name it. Each area tests every place's points in
        one call (one call a place and area cost 20 times as many)."""
        owner, xy, weights = [], [], []
        for i, (_, detail) in enumerate(places):
            for point, values in detail.points.items():
                owner.append(i)
                xy.append(point)
                weights.append(values[0])
        owner = np.array(owner, dtype=np.intp)
        xy = np.array(xy, dtype=float).reshape(-1, 2)
        weights = np.array(weights, dtype=float)
        totals = np.bincount(owner, weights=weights, minlength=len(places))
        found = [[] for _ in places]
        for area, target, bounds, codes in self.areas:
            shares = np.zeros(len(places))
            if kind == LSOA:
                shares[[i for i, (key, _) in enumerate(places) if key[0] in codes]] = 1.0
            if target is not None and len(xy):
                x, y = xy[:, 0], xy[:, 1]
                near = (x >= bounds[0]) & (x <= bounds[2]) & (y >= bounds[1]) & (y <= bounds[3])
                if near.any():
                    inside = np.zeros(len(xy), dtype=bool)
                    inside[near] = geometry.points_in(target, x[near], y[near])
                    held = np.bincount(owner[inside], weights=weights[inside], minlength=len(places))
                    # An LSOA its codes name is covered whatever its points.
                    shares = np.maximum(
                        shares, np.divide(held, totals, out=np.zeros(len(places)), where=totals > 0)
                    )
            for i in np.flatnonzero(shares >= COVERED_SHARE):
                found[i].append(Cover(area.pk, area.name, float(shares[i])))
        return found
