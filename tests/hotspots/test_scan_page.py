"""The Scan page and its JSON: who sees them, what they default to, bad input, query counts."""

import json

import pytest
from django.urls import reverse

from hotspots.models import Area
from tests import factories

from .conftest import month
from .scan_helpers import at, months

pytestmark = pytest.mark.django_db

HAYMARKET = (458_700.0, 304_500.0)  # cell (3058, 2030) at 150 m
GRANBY = (459_100.0, 304_100.0)  # cell (3060, 2027)


@pytest.fixture
def three_years(db):
    """35 months imported, 2019-12 to 2022-10: Haymarket busy throughout, Granby Street in 2022."""
    for day in months(month(2019, 12), 35):
        at(*HAYMARKET, day, 3)
        if day.year == 2022:
            at(*GRANBY, day, 1)


def _get(client, user, **query):
    client.force_login(user)
    return client.get(reverse("scan:page"), query)


def test_the_page_opens_on_the_last_twelve_imported_months(client, officer, three_years):
    response = _get(client, officer)
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["start"].value(), form["end"].value()) == ("2021-11", "2022-10")
    ranking = response.context["ranking"]
    assert ranking.family.slug == "serious-violence"
    assert ranking.total == 0  # the incidents are anti-social behaviour
    response = _get(
        client, officer, family="asb", start="2021-11", end="2022-10", kind="cell", size="150", top="20"
    )
    ranking = response.context["ranking"]
    assert [(p.key, p.count, p.months_with_incidents) for p in ranking.places] == [
        ((3058, 2030), 36, 12),
        ((3060, 2027), 10, 10),
    ]
    text = response.content.decode()
    assert "Nov 2021–Oct 2022" in text
    assert "Start a plan here" in text
    assert "0% (36 to 36 incidents)" in text  # the 12 months before were imported too


def test_a_manager_sees_the_ranking_but_is_not_offered_to_start_a_plan(client, manager, three_years):
    response = _get(client, manager, family="asb")
    assert response.status_code == 200
    assert response.context["ranking"].places
    assert "Start a plan here" not in response.content.decode()


@pytest.mark.parametrize("persona", ["pastors", "wardens"])
def test_partners_are_told_nothing_exists(client, request, three_years, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for url in (reverse("scan:page"), reverse("scan:ranking_json"), reverse("scan:start_plan")):
        assert client.get(url, {"family": "asb"}).status_code == 404
    assert client.post(reverse("scan:start_plan"), {"title": "x"}).status_code == 404


def test_bad_input_is_named_and_kept(client, officer, three_years):
    response = _get(
        client, officer, family="asb", start="2022-13", end="2021-01", kind="hexagons", size="20", top="0"
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["start"] == ["Enter first month as year-month, for example 2019-01"]
    assert errors["kind"] == ["Choose grid cells, snap points or LSOAs"]
    assert errors["size"] == ["Cell size in metres must be 50 or more"]
    assert errors["top"] == ["Places to list must be 1 or more"]
    text = response.content.decode()
    assert 'value="2022-13"' in text and 'value="20"' in text
    assert response.context["ranking"] is None
    response = _get(client, officer, family="asb", start="2022-06", end="2022-01")
    assert response.context["form"].errors["end"] == [
        "The last month must be the same as or after the first month"
    ]


def test_months_not_imported_in_the_window_are_named(client, officer, three_years):
    response = _get(client, officer, family="asb", start="2022-06", end="2022-12")
    ranking = response.context["ranking"]
    assert ranking.months_not_imported == [month(2022, 11), month(2022, 12)]
    text = response.content.decode()
    assert "No data is imported for Nov 2022, Dec 2022" in text
    assert "not compared: 2 months not imported" in text


def test_the_json_is_the_commands_json(client, officer, three_years):
    from io import StringIO

    from django.core.management import call_command

    client.force_login(officer)
    query = {"family": "asb", "start": "2022-01", "end": "2022-10", "kind": "cell", "size": "150", "top": "5"}
    from_page = client.get(reverse("scan:ranking_json"), query).json()
    out = StringIO()
    call_command(
        "rank_places",
        "--family",
        "asb",
        "--from",
        "2022-01",
        "--to",
        "2022-10",
        "--top",
        "5",
        "--json",
        stdout=out,
    )
    assert from_page == json.loads(out.getvalue())
    assert from_page["places"][0]["id"] == {"column": 3058, "row": 2030}
    assert from_page["places"][0]["geometry"]["type"] == "Polygon"
    bad = client.get(reverse("scan:ranking_json"), {**query, "size": "1000"})
    assert bad.status_code == 400
    assert bad.json()["errors"]["size"] == ["Cell size in metres must be 500 or fewer"]


def _area_around(name, point, owner):
    from shapely.geometry import box

    from hotspots import geometry, services

    outline = geometry.normalise(
        geometry.to_wgs84(box(point[0] - 60, point[1] - 60, point[0] + 60, point[1] + 60))
    )
    values = services._prepare_area(
        geometry_value=outline, lsoa_codes=[], buffer_m=200, tolerance_m=0, control_geometry=None
    )
    area = Area.objects.create(name=name, **values)
    factories.make_plan(owner=owner, area=area)
    factories.make_plan(owner=owner, area=area)
    return area


def test_the_page_asks_the_same_number_of_queries_with_ten_times_the_places(
    client, officer, three_years, django_assert_max_num_queries
):
    _area_around("Haymarket", HAYMARKET, officer)
    query = {"family": "asb", "start": "2022-01", "end": "2022-10", "top": "100"}
    client.force_login(officer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("scan:page"), query)
    assert len(response.context["ranking"].places) == 2
    assert [c.area_name for c in response.context["ranking"].places[0].covered_by] == ["Haymarket"]
    for k in range(20):
        point = (450_000.0 + 150 * k, 300_000.0 + 150 * (k % 3))
        for day in months(month(2022, 1), 10):
            at(*point, day, 1)
        if k % 2:
            _area_around(f"Area {k}", point, officer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("scan:page"), query)
    ranking = response.context["ranking"]
    assert len(ranking.places) == 22
    assert sum(1 for p in ranking.places if p.covered_by) == 11
