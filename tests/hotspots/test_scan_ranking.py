"""Scan's ranking on hand-made incidents whose cells, shares and persistence are worked out by hand."""

import datetime

import pytest

from hotspots import geometry, scan, services
from hotspots.models import Incident
from hotspots.scan import GridIndex, Window, cell_index, rank_places
from plans.models import Plan
from tests import factories

from .conftest import month
from .scan_helpers import at, months, nowhere

pytestmark = pytest.mark.django_db

JAN_2022 = month(2022, 1)
ONE_MONTH = Window(JAN_2022, JAN_2022)


def ranked(family, window=ONE_MONTH, **options):
    ranking = rank_places(family=family, window=window, **options)
    return ranking, [(p.key, p.count) for p in ranking.places]


def test_a_point_on_a_cell_edge_is_in_the_cell_whose_lower_left_corner_it_is_on(asb_family):
    at(450_000.0, 300_000.0, JAN_2022, 1)  # the lower-left corner of cell (3000, 2000)
    at(450_150.0, 300_000.0, JAN_2022, 2)  # on the east edge of (3000, 2000): the corner of (3001, 2000)
    at(450_000.0, 300_150.0, JAN_2022, 4)  # on the north edge: the corner of (3000, 2001)
    at(450_149.999, 300_149.999, JAN_2022, 8)  # just inside (3000, 2000)
    at(449_999.999, 300_000.0, JAN_2022, 16)  # just west of it: (2999, 2000)
    _, rows = ranked(asb_family, top=10)
    assert sorted(rows) == [((2999, 2000), 16), ((3000, 2000), 9), ((3000, 2001), 4), ((3001, 2000), 2)]


@pytest.mark.parametrize("size", [50, 150, 500])
def test_the_database_puts_every_value_in_the_cell_python_does(db, size):
    """GridIndex (SQL) and cell_index agree, with negative values and boundaries too."""
    values = [0.0, 0.5, size - 1e-6, size, size + 1e-6, 3 * size, -0.5, -size, -size - 1e-6, 458_712.35]
    for value in values:
        at(value, value, JAN_2022)
    found = Incident.objects.annotate(cx=GridIndex("easting", size)).values_list("easting", "cx")
    assert sorted(found) == sorted((v, cell_index(v, size)) for v in values)
    assert [cell_index(v, size) for v in (0.0, size - 1e-6, size, -0.5, -size, -size - 1e-6)] == [
        0,
        0,
        1,
        -1,
        -1,
        -2,
    ]


@pytest.mark.parametrize("size", [100, 150, 300, 450, 500])
def test_the_ranking_counts_each_point_in_the_cell_python_puts_it_in(asb_family, size):
    """Cells of a whole number of 150 m tiles are counted from the tiles the import stored,
    others from the coordinates: both give cell_index's cells, negative values and edges too."""
    values = [
        0.0,
        0.5,
        149.999,
        150.0,
        size - 1e-6,
        size,
        3 * size + 1,
        -0.5,
        -150.0,
        -size - 1e-6,
        458_712.35,
    ]
    for k, value in enumerate(values):
        at(value, value, JAN_2022, k + 1)
    expected = {}
    for k, value in enumerate(values):
        cell = (cell_index(value, size), cell_index(value, size))
        expected[cell] = expected.get(cell, 0) + k + 1
    _, rows = ranked(asb_family, size=size, top=20)
    assert dict(rows) == expected


def test_ties_share_a_rank_and_are_listed_west_to_east_then_south_to_north(asb_family):
    s = 150
    at(3001 * s + 10, 2000 * s + 10, JAN_2022, 3)
    at(3000 * s + 10, 2001 * s + 10, JAN_2022, 3)
    at(3000 * s + 10, 2000 * s + 10, JAN_2022, 3)
    at(2990 * s + 10, 2005 * s + 10, JAN_2022, 5)
    at(2980 * s + 10, 2000 * s + 10, JAN_2022, 1)
    ranking, rows = ranked(asb_family, top=5)
    assert rows == [
        ((2990, 2005), 5),
        ((3000, 2000), 3),
        ((3000, 2001), 3),
        ((3001, 2000), 3),
        ((2980, 2000), 1),
    ]
    assert [p.rank for p in ranking.places] == [1, 2, 2, 2, 5]
    # Cut at the top 3: the tie is cut by the same rule.
    _, top3 = ranked(asb_family, top=3)
    assert top3 == rows[:3]


def test_shares_cumulative_shares_persistence_and_change_worked_out_by_hand(asb_family, serious_violence):
    window = Window(month(2022, 1), month(2022, 12))
    previous = months(month(2021, 1), 12)
    a, b, c = (458_700.0, 304_500.0), (458_900.0, 304_500.0), (460_000.0, 305_000.0)
    # Cell A: 3 a month in 10 of 12 months = 30; the year before, 2 a month = 24.
    for day in months(month(2022, 1), 10):
        at(*a, day, 3)
    for day in previous:
        at(*a, day, 2)
    # Cell B: 20 in March only; 5 the year before (too few to judge a change).
    at(*b, month(2022, 3), 20)
    at(*b, month(2021, 3), 5)
    # Cell C: 1 a month in 12 months = 12; nothing the year before.
    for day in window.months:
        at(*c, day, 1)
    # Not counted: another family, no location, outside the window.
    at(*a, month(2022, 5), 7, crime_type="Robbery")
    nowhere(month(2022, 6), 4)
    at(*c, month(2023, 1), 9)
    ranking = rank_places(family=asb_family, window=window, top=3)
    total = 30 + 20 + 12  # 62
    assert ranking.total == total
    assert ranking.without_place == 4
    assert ranking.place_count == 3
    assert ranking.months_not_imported == []
    assert ranking.previous_not_imported == []
    first, second, third = ranking.places
    assert (first.count, second.count, third.count) == (30, 20, 12)
    assert first.share.text == "48.4%"  # 30 / 62 = 48.387...
    assert second.share.text == "32.3%"  # 20 / 62 = 32.258...
    assert third.share.text == "19.4%"  # 12 / 62 = 19.354...
    assert second.cumulative_share.text == "80.6%"  # 50 / 62 = 80.645...
    assert third.cumulative_share.text == "100.0%"
    assert [p.months_with_incidents for p in ranking.places] == [10, 1, 12]
    assert [p.previous_count for p in ranking.places] == [24, 5, 0]
    assert first.change.text == "+25% (24 to 30 incidents)"  # (30 - 24) / 24
    assert second.change.text == "too few incidents to judge (5 to 20 incidents)"
    assert third.change.text.startswith("not defined (0 to 12 incidents")
    # The concentration: the top third of places (1 of 3) hold 48.4%.
    point = ranking.top_percent(1)
    assert (point.places, point.incidents, point.share) == (1, 30, 48.4)
    assert [(c.percent, c.places, c.incidents) for c in ranking.curve[:3]] == [
        (0, 0, 0),
        (5, 1, 30),
        (10, 1, 30),
    ]
    assert ranking.curve[-1].share == 100.0
    # Robbery is in another family.
    assert rank_places(family=serious_violence, window=window).total == 7


def test_months_not_imported_are_named_and_no_change_is_worked_out_across_them(asb_family):
    window = Window(month(2022, 1), month(2022, 3))
    for day in (month(2021, 10), month(2021, 11), month(2021, 12), month(2022, 1), month(2022, 3)):
        at(458_700.0, 304_500.0, day, 12)
    ranking = rank_places(family=asb_family, window=window)
    assert ranking.months_not_imported == [month(2022, 2)]
    assert ranking.months_imported == 2
    place = ranking.places[0]
    assert place.count == 24
    assert place.months_with_incidents == 2
    assert place.previous_count == 36
    assert place.change.value is None
    assert place.change.text == "not compared: 1 month not imported"
    as_json = ranking.as_dict()
    assert as_json["window"]["months_not_imported"] == ["2022-02"]
    assert as_json["places"][0]["persistence"] == {"months_with_incidents": 2, "months_imported": 2}


def test_snap_points_and_lsoas_are_places_too(asb_family):
    at(458_700.0, 304_500.0, JAN_2022, 5, lsoa="E01013600", location="On or near Haymarket")
    at(458_710.0, 304_500.0, JAN_2022, 3, lsoa="E01013600", location="On or near Gallowtree Gate")
    at(459_900.0, 304_500.0, JAN_2022, 4, lsoa="E01013601", location="On or near Belgrave Gate")
    ranking, rows = ranked(asb_family, kind=scan.SNAP_POINT)
    assert rows == [((458_700.0, 304_500.0), 5), ((459_900.0, 304_500.0), 4), ((458_710.0, 304_500.0), 3)]
    assert ranking.places[0].label == "On or near Haymarket"
    assert ranking.places[0].geometry["type"] == "Point"
    lon, lat = ranking.places[0].geometry["coordinates"]
    assert ranking.as_dict()["places"][0]["id"] == {"longitude": lon, "latitude": lat}
    ranking, rows = ranked(asb_family, kind=scan.LSOA)
    assert rows == [(("E01013600",), 8), (("E01013601",), 4)]
    assert ranking.as_dict()["places"][0]["id"] == "E01013600"
    # Both snap points are 10 m apart: one 150 m cell.
    _, rows = ranked(asb_family)
    assert rows == [((3058, 2030), 8), ((3066, 2030), 4)]


def test_a_place_is_covered_by_an_area_that_holds_most_of_its_incidents(asb_family, officer):
    # A 300 m square, x 458,550 to 458,850 and y 304,350 to 304,650, grown by a 20 m tolerance.
    outline = scan.cell_box((3057, 2029), 150).union(scan.cell_box((3058, 2030), 150)).envelope
    area = services.area_create(
        actor=officer,
        name="Clock Tower",
        geometry_value=geometry.normalise(geometry.to_wgs84(outline)),
        tolerance_m=20,
    )
    plan = factories.make_plan(owner=officer, area=area)
    at(458_600.0, 304_400.0, JAN_2022, 6)  # cell (3057, 2029), inside
    at(458_860.0, 304_400.0, JAN_2022, 2)  # cell (3059, 2029): 2 of 3 inside the tolerance
    at(458_950.0, 304_400.0, JAN_2022, 1)
    at(458_860.0, 304_500.0, JAN_2022, 1)  # cell (3059, 2030): 1 of 3 inside
    at(458_950.0, 304_500.0, JAN_2022, 2)
    at(459_500.0, 304_500.0, JAN_2022, 1)  # far outside
    ranking = rank_places(family=asb_family, window=ONE_MONTH, top=10)
    covered = {
        p.key: [(c.area_name, [x["reference"] for x in c.plans]) for c in p.covered_by]
        for p in ranking.places
    }
    assert covered == {
        (3057, 2029): [("Clock Tower", [plan.reference])],
        (3059, 2029): [("Clock Tower", [plan.reference])],
        (3059, 2030): [],
        (3063, 2030): [],
    }
    # The plans named are those the reader may see.
    hidden = rank_places(family=asb_family, window=ONE_MONTH, plans=Plan.objects.none())
    assert [c.plans for c in hidden.places[0].covered_by] == [[]]


def test_an_lsoa_is_covered_by_an_area_its_codes_name_and_by_one_drawn_around_it(asb_family, officer):
    at(458_700.0, 304_500.0, JAN_2022, 5, lsoa="E01013600")
    at(459_900.0, 304_500.0, JAN_2022, 4, lsoa="E01013601")  # outside both
    at(458_760.0, 304_520.0, JAN_2022, 2, lsoa="E01013602")  # inside the drawn area only
    at(459_900.0, 304_510.0, JAN_2022, 3, lsoa="E01013602")  # outside: 2 of 5 inside
    at(458_780.0, 304_520.0, JAN_2022, 1, lsoa="E01013603")  # inside the drawn area only
    # An area given by its code is outlined around its incidents, and covers it by the code.
    by_code = services.area_create(
        actor=officer, name="Haymarket LSOA", lsoa_codes=["E01013600"], tolerance_m=0
    )
    around = scan.cell_box((3058, 2030), 150).buffer(200)
    drawn = services.area_create(
        actor=officer,
        name="Around Haymarket",
        geometry_value=geometry.normalise(geometry.to_wgs84(around)),
        tolerance_m=0,
    )
    ranking = rank_places(family=asb_family, window=ONE_MONTH, kind=scan.LSOA)
    covered = {p.key[0]: [(c.area_id, c.share) for c in p.covered_by] for p in ranking.places}
    assert covered == {
        "E01013600": [(drawn.pk, 1.0), (by_code.pk, 1.0)],  # areas by name
        "E01013601": [],
        "E01013602": [],
        "E01013603": [(drawn.pk, 1.0)],
    }


def test_the_default_window_is_the_last_twelve_imported_months(db):
    assert scan.default_window(set()) is None
    imported = set(months(month(2019, 12), 35))
    assert scan.default_window(imported) == Window(month(2021, 11), month(2022, 10))
    assert scan.default_window(set(months(month(2018, 10), 5))) == Window(month(2018, 10), month(2019, 2))
    assert Window(month(2021, 11), month(2022, 10)).phrase() == "the 12 months to October 2022"
    assert Window(month(2022, 10), month(2022, 10)).phrase() == "October 2022"
    assert Window(month(2022, 1), month(2022, 3)).previous() == Window(month(2021, 10), month(2021, 12))


def test_the_ranking_asks_the_same_number_of_queries_whatever_it_lists(
    asb_family, django_assert_max_num_queries
):
    for k in range(30):
        at(450_000.0 + 150 * k, 300_000.0, JAN_2022, 1 + k % 4)
    with django_assert_max_num_queries(2):
        small = rank_places(family=asb_family, window=ONE_MONTH, top=3)
    for k in range(300):
        at(451_000.0 + 150 * (k % 30), 301_000.0 + 150 * (k // 30), datetime.date(2022, 1, 1), 2)
    with django_assert_max_num_queries(2):
        big = rank_places(family=asb_family, window=ONE_MONTH, top=100)
    assert len(small.places) == 3 and len(big.places) == 100
