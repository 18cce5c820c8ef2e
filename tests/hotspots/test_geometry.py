"""Geometry validation says what is wrong; regions are built in metres."""

import json

import pytest
import shapely

from hotspots import geometry

from .conftest import TARGET


def square(points):
    return {"type": "Polygon", "coordinates": [points]}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "is empty"),
        ("{not json", "is not valid JSON (line 1, column 2)"),
        ("[1, 2]", "must be a GeoJSON object"),
        (
            json.dumps({"type": "Point", "coordinates": [-1.13, 52.63]}),
            "must be a Polygon or MultiPolygon, not Point",
        ),
        (
            json.dumps({"type": "LineString", "coordinates": [[-1.13, 52.63], [-1.12, 52.64]]}),
            "not LineString",
        ),
        (json.dumps({"coordinates": []}), "not an object without a type"),
        (
            json.dumps(square([[-1.136, 52.634], [-1.132, 52.634], [-1.132, 52.636], [-1.136, 52.636]])),
            "is not closed",
        ),
        (json.dumps(square([[-1.136, 52.634], [-1.132, 52.634], [-1.136, 52.634]])), "too few points"),
        (
            json.dumps(square([[-1.136, 52.634], [-1.132, 52.634], [-1.132, 52.634], [-1.136, 52.634]])),
            "too few distinct points",
        ),
        (
            json.dumps(
                square(
                    [[-1.136, 52.634], [-1.132, 52.636], [-1.132, 52.634], [-1.136, 52.636], [-1.136, 52.634]]
                )
            ),
            "crosses itself (Self-intersection",
        ),
        (
            json.dumps(square([[52.634, -1.136], [52.634, -1.132], [52.636, -1.132], [52.634, -1.136]])),
            "outside the UK",
        ),
        (json.dumps(square([[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]])), "outside the UK"),
        (json.dumps(square([["a", 52.6], [-1.1, 52.6], [-1.1, 52.7], ["a", 52.6]])), "not a pair of numbers"),
        (json.dumps({"type": "Polygon", "coordinates": []}), "has no coordinates"),
    ],
)
def test_bad_geometry_is_refused_with_what_is_wrong(value, message):
    with pytest.raises(geometry.GeometryError) as refused:
        geometry.parse_polygon(value)
    assert message in str(refused.value)


def test_a_feature_and_a_multipolygon_are_accepted():
    feature = {"type": "Feature", "properties": {}, "geometry": TARGET}
    assert geometry.parse_polygon(json.dumps(feature)).geom_type == "Polygon"
    multi = {"type": "MultiPolygon", "coordinates": [TARGET["coordinates"]]}
    assert geometry.parse_polygon(multi).geom_type == "MultiPolygon"


def test_the_buffer_is_a_ring_of_the_given_width_in_metres():
    shapes = geometry.build_shapes(geometry=TARGET, buffer_m=200, tolerance_m=0)
    target_area = shapes.target.area
    assert 400 * 270 < target_area < 420 * 290  # about 407 m x 278 m
    assert shapes.buffer.intersection(shapes.target).area == pytest.approx(0, abs=1e-6)
    # The ring's outer edge is 200 m from the target.
    assert shapely.hausdorff_distance(
        shapes.buffer.exterior if hasattr(shapes.buffer, "exterior") else shapes.buffer,
        shapes.target.exterior,
    ) == pytest.approx(200, abs=1)


def test_tolerance_grows_the_target():
    exact = geometry.build_shapes(geometry=TARGET, buffer_m=200, tolerance_m=0)
    grown = geometry.build_shapes(geometry=TARGET, buffer_m=200, tolerance_m=50)
    assert grown.target.area > exact.target.area
    assert grown.target.contains(exact.target)


def test_bounds_cover_target_tolerance_and_buffer():
    main, control = geometry.area_bounds(geometry=TARGET, buffer_m=200, tolerance_m=50)
    assert control is None
    # 250 m is about 0.0037 degrees of longitude and 0.0022 of latitude at 52.6 N.
    assert main[0] < -1.1360 - 0.0036 and main[2] > -1.1300 + 0.0036
    assert main[1] < 52.6340 - 0.0022 and main[3] > 52.6365 + 0.0022


LONG_NUMBER = "9" * 5000  # past Python's 4,300-digit limit on reading a whole number


@pytest.mark.parametrize(
    "text",
    [
        f'{{"type":"Polygon","coordinates":[[[{LONG_NUMBER},52.6],[-1.1,52.6],[-1.1,52.7],[1,52.6]]]}}',
        f'{{"type":"Polygon","coordinates":[[[-{"1" * 25},52.6],[-1.1,52.6],[-1.1,52.7],[1,52.6]]]}}',
        f'{{"type":"Polygon","coordinates":[], "x": {LONG_NUMBER}}}',
    ],
)
def test_a_number_too_long_to_be_a_coordinate_is_refused_with_what_is_wrong(text):
    with pytest.raises(geometry.GeometryError) as refused:
        geometry.parse_polygon(text, what="The outline")
    assert str(refused.value).startswith("The outline is not valid GeoJSON: a number is too long")
