"""manage.py area_figures on the real data agrees with an independent count written here."""

import datetime
import json
import math
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pyproj import Transformer

from hotspots.measures import half_up
from hotspots.models import CrimeFamily, Incident

from .conftest import CONTROL

pytestmark = pytest.mark.django_db

# An irregular pentagon over Leicester city centre (vertices off the 6-decimal snap grid).
PENTAGON = [
    (-1.1372431, 52.6338127),
    (-1.1296173, 52.6331519),
    (-1.1268757, 52.6361733),
    (-1.1311929, 52.6389251),
    (-1.1368217, 52.6371937),
]


def ray_cast(lon, lat, polygon) -> bool:
    """Even-odd rule: count crossings of a ray going east from the point."""
    inside = False
    j = len(polygon) - 1
    for i in range(len(polygon)):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > lat) != (yj > lat):
            x_cross = xi + (lat - yi) * (xj - xi) / (yj - yi)
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def distance_to_polygon_m(x, y, ring_xy) -> float:
    """Shortest distance in metres from a point to the polygon's edges (British National Grid)."""
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring_xy, ring_xy[1:] + ring_xy[:1], strict=True):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)))
    return best


def independent_counts(crime_types, start, end):
    rows = Incident.objects.filter(
        month__gte=start, month__lte=end, crime_type__in=crime_types, longitude__isnull=False
    ).values_list("longitude", "latitude")
    control_ring = [tuple(p) for p in CONTROL["coordinates"][0][:-1]]
    bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    ring_xy = [bng.transform(lon, lat) for lon, lat in PENTAGON]
    target = control = buffer = near_edge = 0
    for lon, lat in rows:
        if ray_cast(lon, lat, PENTAGON):
            target += 1
            continue
        if ray_cast(lon, lat, control_ring):
            control += 1
        if abs(lon - -1.132) < 0.02 and abs(lat - 52.635) < 0.01:
            distance = distance_to_polygon_m(*bng.transform(lon, lat), ring_xy)
            if abs(distance - 200) < 1:
                near_edge += 1  # within a metre of the ring's edge: shapely's arcs are polygons
            elif distance <= 200:
                buffer += 1
    return target, buffer, control, near_edge


def test_json_counts_match_an_independent_point_in_polygon_count(real_data, tmp_path, capsys):
    outline = tmp_path / "pentagon.geojson"
    outline.write_text(
        json.dumps({"type": "Polygon", "coordinates": [[list(p) for p in PENTAGON + PENTAGON[:1]]]})
    )
    control = tmp_path / "control.geojson"
    control.write_text(json.dumps(CONTROL))
    call_command(
        "area_figures",
        "--geojson",
        str(outline),
        "--control-geojson",
        str(control),
        "--buffer-m",
        "200",
        "--tolerance-m",
        "0",
        "--before",
        "2018-10:2018-12",
        "--after",
        "2019-01:2019-02",
        "--family",
        "serious-violence",
        "--json",
    )
    data = json.loads(capsys.readouterr().out)
    family = CrimeFamily.objects.get(slug="serious-violence")
    t_b, b_b, c_b, near_b = independent_counts(
        family.crime_types, datetime.date(2018, 10, 1), datetime.date(2018, 12, 1)
    )
    t_a, b_a, c_a, near_a = independent_counts(
        family.crime_types, datetime.date(2019, 1, 1), datetime.date(2019, 2, 1)
    )
    assert t_b > 100 and c_b > 50  # the test means something
    assert data["counts"]["target"]["before"] == t_b
    assert data["counts"]["target"]["after"] == t_a
    assert data["counts"]["control"]["before"] == c_b
    assert data["counts"]["control"]["after"] == c_a
    assert b_b <= data["counts"]["buffer"]["before"] <= b_b + near_b
    assert b_a <= data["counts"]["buffer"]["after"] <= b_a + near_a
    assert sum(data["counts"]["target"]["by_month"].values()) == t_b + t_a
    measures = data["measures"]
    # Three months before, two after: compared per month, and the command says so.
    assert data["comparison_basis"] == "counts per month"
    assert measures["before_after_change"]["text"].endswith(f"{t_b} in 3 months to {t_a} in 2)")
    local = (Fraction(t_a, 2) - Fraction(t_b, 3)) - (Fraction(c_a, 2) - Fraction(c_b, 3))
    assert measures["local_effect"]["value"] == half_up(local, 1)
    assert data["periods"]["before"] == ["2018-10-01", "2018-12-31"]


def test_text_output_and_a_saved_area(target_area, capsys):
    call_command(
        "area_figures",
        "--area",
        "Test rectangle",
        "--before",
        "2018-10:2018-12",
        "--after",
        "2019-01:2019-03",
    )
    out = capsys.readouterr().out
    assert (
        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons) in Test rectangle: Oct\u2013Dec 2018 against Jan\u2013Mar 2019"
        in out
    )
    assert "Weighted displacement quotient" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "Nowhere"], "No area called 'Nowhere'"),
        (["--area", "Test rectangle", "--family", "Arson"], "No crime family 'Arson'"),
    ],
)
def test_bad_arguments_say_what_is_wrong(target_area, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("area_figures", *args, "--before", "2018-10:2018-12", "--after", "2019-01:2019-03")


def test_a_bad_period_says_what_is_wrong(target_area):
    with pytest.raises(CommandError, match="--before must be FIRST:LAST"):
        call_command(
            "area_figures", "--area", "Test rectangle", "--before", "2018-10", "--after", "2019-01:2019-03"
        )
