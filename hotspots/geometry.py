"""Hotspot geometry: validate WGS84 GeoJSON, then work in metres in British National Grid.

shapely does the geometry and pyproj the projection (EPSG:4326 -> EPSG:27700); nothing here
is hand-written geometry. Points are projected as whole numpy arrays, never one by one.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.validation import explain_validity

# Roughly the United Kingdom with its waters: anything outside is a typing or axis-order mistake.
UK_BOUNDS = (-8.7, 49.8, 1.8, 60.9)  # min lon, min lat, max lon, max lat
DEFAULT_BUFFER_M = 200
DEFAULT_TOLERANCE_M = 0
MAX_VERTICES = 5000
LSOA_RE = re.compile(r"^[EW]0\d{7}$")


class GeometryError(ValueError):
    """The geometry cannot be used; the message says what is wrong in words a user can act on."""


@lru_cache(maxsize=2)
def _transformer(inverse: bool = False) -> Transformer:
    if inverse:
        return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def lonlat_to_bng(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Project arrays of longitudes and latitudes to eastings and northings in metres."""
    return _transformer().transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))


def project_incidents(incidents) -> None:
    """Set easting and northing (British National Grid metres) on unsaved incidents with a location."""
    located = [i for i in incidents if i.longitude is not None and i.latitude is not None]
    if not located:
        return
    x, y = lonlat_to_bng([i.longitude for i in located], [i.latitude for i in located])
    for incident, easting, northing in zip(located, x.tolist(), y.tolist(), strict=True):
        incident.easting, incident.northing = easting, northing


def to_bng(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(_transformer().transform(xy[:, 0], xy[:, 1])))


def to_wgs84(geom):
    return shapely.transform(
        geom, lambda xy: np.column_stack(_transformer(True).transform(xy[:, 0], xy[:, 1]))
    )


def _non_number(value: float) -> str:
    """NaN, Infinity or -Infinity, as JSON text spells them."""
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _ring_problem(ring, where: str) -> str | None:
    if not isinstance(ring, list) or not ring:
        return f"{where} has no points"
    for point in ring:
        if (
            not isinstance(point, list | tuple)
            or not 2 <= len(point) <= 3
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        ):
            return f"{where} has a point that is not a pair of numbers [longitude, latitude]"
        for value in point:
            if not math.isfinite(value):  # JSON text may say NaN or Infinity; Python reads them
                return (
                    f"{where} has a point that is not a pair of numbers: {_non_number(value)} is not a "
                    f"number a longitude or latitude can be (point {list(point)})"
                )
    if len(ring) < 4:
        return f"{where} has too few points: a polygon needs at least three corners and the first point repeated at the end"
    if list(ring[0][:2]) != list(ring[-1][:2]):
        return f"{where} is not closed: its last point must be the same as its first"
    if len({tuple(p[:2]) for p in ring}) < 3:
        return f"{where} has too few distinct points: a polygon needs at least three corners"
    return None


class _NumberTooLong(ValueError):
    """A whole number in GeoJSON text longer than any coordinate."""


def _coordinate_int(text: str) -> int:
    # Python refuses to read a whole number of more than 4,300 digits (ValueError) and takes
    # time on anything near it; no coordinate needs more than a handful.
    if len(text) > 20:
        raise _NumberTooLong(text[:20])
    return int(text)


def parse_polygon(value, *, what: str = "The area") -> Polygon | MultiPolygon:
    """A valid WGS84 Polygon or MultiPolygon from GeoJSON text or a dict, or GeometryError saying why not."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise GeometryError(f"{what} is empty: paste GeoJSON or draw the area on the map")
        try:
            value = json.loads(text, parse_int=_coordinate_int)
        except json.JSONDecodeError as exc:
            raise GeometryError(f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno})") from exc
        except _NumberTooLong:
            raise GeometryError(
                f"{what} is not valid GeoJSON: a number is too long (a longitude or latitude has at "
                "most three digits before the decimal point)"
            ) from None
        except RecursionError:
            raise GeometryError(f"{what} is nested too deeply to be GeoJSON") from None
    not_an_object = GeometryError(f"{what} must be a GeoJSON object with a type and coordinates")
    if not isinstance(value, dict):
        raise not_an_object
    if value.get("type") == "Feature":
        value = value.get("geometry") or {}
    elif value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if not isinstance(features, list):
            raise GeometryError(f"{what} must be one polygon; the feature collection has no list of features")
        if len(features) != 1:
            raise GeometryError(
                f"{what} must be one polygon; the feature collection has {len(features)} features"
            )
        value = (features[0].get("geometry") or {}) if isinstance(features[0], dict) else None
    if not isinstance(value, dict):
        raise not_an_object
    kind = value.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        raise GeometryError(
            f"{what} must be a Polygon or MultiPolygon, not {kind or 'an object without a type'}"
        )
    coordinates = value.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError(f"{what} has no coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    vertices = 0
    for p_index, rings in enumerate(polygons, start=1):
        if not isinstance(rings, list) or not rings:
            raise GeometryError(f"{what} has a polygon without rings")
        for r_index, ring in enumerate(rings, start=1):
            where = "The outline" if r_index == 1 else f"Hole {r_index - 1}"
            if kind == "MultiPolygon":
                where = f"{where} of polygon {p_index}"
            problem = _ring_problem(ring, where)
            if problem:
                raise GeometryError(problem)
            vertices += len(ring)
    if vertices > MAX_VERTICES:
        raise GeometryError(f"{what} has {vertices} points; simplify it to at most {MAX_VERTICES}")
    for rings in polygons:
        for ring in rings:
            for lon, lat, *_ in ring:
                if not (UK_BOUNDS[0] <= lon <= UK_BOUNDS[2] and UK_BOUNDS[1] <= lat <= UK_BOUNDS[3]):
                    raise GeometryError(
                        f"{what} is outside the UK: point [{lon}, {lat}] is not within longitude "
                        f"{UK_BOUNDS[0]} to {UK_BOUNDS[2]} and latitude {UK_BOUNDS[1]} to {UK_BOUNDS[3]} "
                        "(GeoJSON puts longitude first)"
                    )
    geom = shape({"type": kind, "coordinates": coordinates})
    if not geom.is_valid:
        reason = explain_validity(geom)
        if "Self-intersection" in reason or "Ring Self-intersection" in reason:
            raise GeometryError(f"{what} crosses itself ({reason}): redraw it so its edges do not cross")
        raise GeometryError(f"{what} is not a valid polygon ({reason})")
    if geom.area == 0:
        raise GeometryError(f"{what} has no area")
    return geom


# Stored outlines are rounded to this many degrees: about 1 cm.
PRECISION = 1e-7


def normalise(geom, *, what: str = "The area") -> dict:
    """GeoJSON for storing: plain lists, coordinates rounded to about 1 cm. A shape narrower
    than that has nothing left once rounded: GeometryError says so (rather than storing an
    outline with no coordinates)."""
    rounded = shapely.set_precision(geom, PRECISION)
    if rounded.is_empty or rounded.area == 0:
        raise GeometryError(
            f"{what} is too thin to store: outlines are kept to about 1 cm, and at that it has no area. "
            "Draw it wider"
        )
    return json.loads(json.dumps(mapping(rounded)))


def same_outline(first: dict | None, second: dict | None) -> bool:
    """Whether two stored outlines are the same shape: rounding may start a ring at another corner."""
    if first is None or second is None:
        return first is second
    return bool(shape(first).equals(shape(second)))


@dataclass(frozen=True)
class AreaShapes:
    """An area's regions in British National Grid metres, prepared for fast point tests."""

    target: object  # grown by the tolerance; None for an LSOA-only area without an outline
    buffer: object  # ring around the (grown) target; None when there is no outline
    control: object  # None without a control area
    lsoa_codes: frozenset
    # The control area's own displacement area (Wheeler and Ratcliffe 2018's Dc): the ring of the
    # buffer's width around the control area, or the one the area draws; None without a control
    # area, or without a buffer and none drawn.
    displacement_control: object = None


def build_shapes(
    *,
    geometry,
    buffer_m: int,
    tolerance_m: int,
    control_geometry=None,
    lsoa_codes=(),
    displacement_control_geometry=None,
):
    """Target grown by tolerance, buffer ring = grown target buffered by buffer_m minus the grown target.

    The control's displacement area is the drawn one, or else the control buffered by buffer_m
    minus the control: the same width of ring as the target's.
    """
    target = None
    buffer = None
    if geometry:
        outline = to_bng(shape(geometry))
        target = outline.buffer(tolerance_m) if tolerance_m else outline
        if buffer_m:
            buffer = target.buffer(buffer_m).difference(target)
            shapely.prepare(buffer)
        shapely.prepare(target)
    control = None
    displacement_control = None
    if control_geometry:
        control = to_bng(shape(control_geometry))
        if displacement_control_geometry:
            displacement_control = to_bng(shape(displacement_control_geometry)).difference(control)
        elif buffer is not None:
            displacement_control = control.buffer(buffer_m).difference(control)
        shapely.prepare(control)
        if displacement_control is not None:
            shapely.prepare(displacement_control)
    return AreaShapes(
        target=target,
        buffer=buffer,
        control=control,
        lsoa_codes=frozenset(lsoa_codes or ()),
        displacement_control=displacement_control,
    )


def shapes_for(area) -> AreaShapes:
    return build_shapes(
        geometry=area.geometry,
        buffer_m=area.buffer_m,
        tolerance_m=area.tolerance_m,
        control_geometry=area.control_geometry,
        lsoa_codes=area.lsoa_codes,
        displacement_control_geometry=getattr(area, "displacement_control_geometry", None),
    )


def displacement_control_text(area) -> str:
    """Which Dc an area's figures use, in words for the pages, the PDF and the JSON."""
    if not area.control_geometry:
        return "None: there is no control area"
    if area.displacement_control_geometry:
        return "The area drawn for it"
    if area.buffer_m and area.geometry:
        return f"The ring of {area.buffer_m:,} m around the control area"
    return "None: the buffer is 0 m and none is drawn"


NO_CONTROL_FOR_DC = (
    "The control's displacement area needs a control area: give the control area too, or leave this empty"
)


def displacement_control_outline(value, *, control: dict | None) -> dict:
    """A drawn Dc checked as the control outline is, and not lying wholly inside the control
    (the part that overlaps it is left out when counting, as build_shapes does); GeometryError
    says what is wrong."""
    what = "The control's displacement area"
    if not control:
        raise GeometryError(NO_CONTROL_FOR_DC)
    outline = normalise(parse_polygon(value, what=what), what=what)
    if to_bng(shape(outline)).difference(to_bng(shape(control))).area < 1:
        raise GeometryError(
            f"{what} lies wholly inside the control area: the part that overlaps the control is "
            "not counted, so nothing would be left. Draw it around the control area"
        )
    return outline


def wgs84_bounds(geom_bng, margin_m: float = 5.0) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a BNG geometry, a few metres generous."""
    grown = geom_bng.buffer(margin_m) if margin_m else geom_bng
    return to_wgs84(grown).bounds


def area_bounds(*, geometry, buffer_m: int, tolerance_m: int, control_geometry=None):
    """Bounding boxes (WGS84) of target+tolerance+buffer, and of the control area (or None)."""
    main = None
    if geometry:
        outline = to_bng(shape(geometry))
        main = wgs84_bounds(outline.buffer(tolerance_m + buffer_m) if (tolerance_m + buffer_m) else outline)
    control = wgs84_bounds(to_bng(shape(control_geometry))) if control_geometry else None
    return main, control


def points_in(geom, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Boolean mask of points inside or on the edge of a prepared geometry."""
    if geom is None or len(x) == 0:
        return np.zeros(len(x), dtype=bool)
    return shapely.intersects_xy(geom, x, y)


def clean_lsoa_codes(codes) -> list[str]:
    """Upper-cased, de-duplicated LSOA codes, or GeometryError naming the first bad one."""
    if isinstance(codes, str):
        codes = re.split(r"[\s,]+", codes)
    cleaned = []
    for code in codes or []:
        code = code.strip().upper()
        if not code:
            continue
        if not LSOA_RE.match(code):
            raise GeometryError(f"{code!r} is not an LSOA code like E01025631")
        if code not in cleaned:
            cleaned.append(code)
    if len(cleaned) > 200:
        raise GeometryError("An area can have at most 200 LSOA codes")
    return cleaned
