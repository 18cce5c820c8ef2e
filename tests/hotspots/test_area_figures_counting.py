"""area_figures and the counts over several areas count the right incidents in the right region."""

import datetime

import pytest

from hotspots import services
from hotspots.figure_counts import family_count_in_areas, family_counts_in_areas
from hotspots.figure_periods import plan_periods
from hotspots.figures import area_figures
from hotspots.models import Area, CrimeFamily
from tests import factories

from .conftest import CONTROL, IN_BUFFER, IN_CONTROL, INSIDE, OUTSIDE, TARGET, month, place

pytestmark = pytest.mark.django_db

BEFORE = (datetime.date(2018, 10, 1), datetime.date(2018, 12, 31))
AFTER = (datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))
JUST_NORTH = (-1.1330, 52.63677)  # about 30 m north of TARGET's top edge


def test_incidents_fall_in_target_buffer_or_control(target_area, serious_violence):
    place(INSIDE, month(2018, 10), 12)
    place(INSIDE, month(2019, 1), 4, crime_type="Violence and sexual offences")
    place(IN_BUFFER, month(2018, 11), 3)
    place(OUTSIDE, month(2018, 11), 7)  # beyond the buffer: nowhere
    place(IN_CONTROL, month(2018, 12), 20)
    place(IN_CONTROL, month(2019, 2), 10, crime_type="Possession of weapons")
    place(INSIDE, month(2019, 1), 9, crime_type="Shoplifting")  # not serious violence
    place(None, month(2019, 1), 5)  # no location: counted at import, in no area
    f = area_figures(area=target_area, family=serious_violence, before=BEFORE, after=AFTER)
    assert (f.target_before.value, f.target_after.value) == (12, 4)
    assert (f.buffer_before.value, f.buffer_after.value) == (3, 0)
    assert (f.control_before.value, f.control_after.value) == (20, 10)
    # March 2019 was never imported: unknown, not nought (October to February were, some with none).
    assert f.monthly["target"] == [12, 0, 0, 4, 0, None]
    assert f.months_not_imported == [month(2019, 3)]


def test_tolerance_grows_the_target_before_counting(serious_violence):
    place(JUST_NORTH, month(2018, 10), 2)
    exact = Area.objects.create(
        name="exact",
        **services._prepare_area(
            geometry_value=TARGET, lsoa_codes=[], buffer_m=200, tolerance_m=0, control_geometry=None
        ),
    )
    snapped = Area.objects.create(
        name="snapped",
        **services._prepare_area(
            geometry_value=TARGET, lsoa_codes=[], buffer_m=200, tolerance_m=50, control_geometry=None
        ),
    )
    f0 = area_figures(area=exact, family=serious_violence, before=BEFORE, after=AFTER)
    f50 = area_figures(area=snapped, family=serious_violence, before=BEFORE, after=AFTER)
    assert (f0.target_before.value, f0.buffer_before.value) == (0, 2)
    assert (f50.target_before.value, f50.buffer_before.value) == (2, 0)


def test_an_area_without_a_stored_bounding_box_still_counts(serious_violence):
    place(INSIDE, month(2018, 10), 3)
    area = Area.objects.create(name="no bbox", geometry=TARGET, control_geometry=CONTROL)
    f = area_figures(area=area, family=serious_violence, before=BEFORE, after=AFTER)
    assert f.target_before.value == 3


def test_no_buffer_when_the_buffer_is_zero(serious_violence):
    area = Area.objects.create(
        name="no buffer",
        **services._prepare_area(
            geometry_value=TARGET, lsoa_codes=[], buffer_m=0, tolerance_m=0, control_geometry=None
        ),
    )
    f = area_figures(area=area, family=serious_violence, before=BEFORE, after=AFTER)
    assert f.buffer_before.text == "not defined (no buffer area)"
    assert f.monthly["buffer"] is None


def test_an_lsoa_area_counts_by_code_and_its_buffer_by_outline(serious_violence):
    place(INSIDE, month(2018, 10), 4, lsoa="E01013611")
    place((-1.1331, 52.6353), month(2018, 10), 2, lsoa="E01013611")
    place(IN_BUFFER, month(2018, 10), 3, lsoa="E01013999")
    place((-1.5, 52.9), month(2018, 10), 1, lsoa="E01013611")  # far away but the code says target
    area = Area.objects.create(
        name="by LSOA",
        **services._prepare_area(
            geometry_value=None, lsoa_codes=["e01013611"], buffer_m=200, tolerance_m=0, control_geometry=None
        ),
    )
    assert area.lsoa_codes == ["E01013611"]
    f = area_figures(area=area, family=serious_violence, before=BEFORE, after=AFTER)
    assert f.target_before.value == 7
    # The outline is the hull of all the code's incidents (including the far one), so the
    # buffer ring is wide; the incident 120 m from the city points is in it.
    assert f.buffer_before.value == 3


def test_family_count_counts_each_incident_once_in_overlapping_areas(target_area, serious_violence):
    overlapping = Area.objects.create(
        name="overlap",
        **services._prepare_area(
            geometry_value=TARGET, lsoa_codes=[], buffer_m=200, tolerance_m=50, control_geometry=None
        ),
    )
    place(INSIDE, month(2019, 1), 6)
    place(JUST_NORTH, month(2019, 1), 2)  # only in the tolerant area
    place(IN_BUFFER, month(2019, 1), 5)  # in buffers only: not counted
    place(INSIDE, month(2018, 1), 9)  # outside the dates
    place(None, month(2019, 1), 4)
    total = family_count_in_areas(
        areas=[target_area, overlapping],
        family=serious_violence,
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 3, 31),
    )
    assert total == 8
    assert family_count_in_areas(areas=[], family=serious_violence, start=BEFORE[0], end=AFTER[1]) == 0


def test_counts_for_several_families_and_ranges_come_from_one_query(
    target_area, serious_violence, asb_family, django_assert_num_queries
):
    place(INSIDE, month(2018, 1), 2)
    place(INSIDE, month(2018, 2), 3)
    place(INSIDE, month(2019, 1), 5)
    place(INSIDE, month(2019, 1), 4, crime_type="Anti-social behaviour")
    place(INSIDE, month(2019, 2), 6, crime_type="Anti-social behaviour")
    place(JUST_NORTH, month(2019, 1), 7)  # outside the target: in no count
    place(INSIDE, month(2019, 1), 8, crime_type="Shoplifting")  # in neither family
    robbery_only = CrimeFamily.objects.create(
        name="Robbery only", slug="robbery-only", crime_types=["Robbery"]
    )
    families = {"sv": serious_violence, "asb": asb_family, "robbery": robbery_only}
    ranges = [
        (datetime.date(2019, 1, 1), datetime.date(2019, 1, 31)),
        (datetime.date(2018, 1, 1), datetime.date(2018, 1, 31)),
        (datetime.date(2018, 12, 15), datetime.date(2019, 2, 10)),  # whole months: Dec to Feb
        (datetime.date(2018, 1, 1), datetime.date(2019, 12, 31)),  # overlaps every other range
        (datetime.date(2020, 1, 1), datetime.date(2020, 3, 31)),  # nothing imported
    ]
    with django_assert_num_queries(1):
        counts = family_counts_in_areas(areas=[target_area], families=families, ranges=ranges)
    assert counts == {"sv": [5, 2, 5, 10, 0], "asb": [4, 0, 10, 10, 0], "robbery": [5, 2, 5, 10, 0]}
    for key, family in families.items():  # the same as counting each range on its own
        assert counts[key] == [
            family_count_in_areas(areas=[target_area], family=family, start=a, end=b) for a, b in ranges
        ]


def test_counts_without_areas_families_or_ranges_are_zero_and_free(
    target_area, serious_violence, django_assert_num_queries
):
    place(INSIDE, month(2019, 1), 5)
    january = [(datetime.date(2019, 1, 1), datetime.date(2019, 1, 31))]
    with django_assert_num_queries(0):
        assert family_counts_in_areas(areas=[], families={"sv": serious_violence}, ranges=january) == {
            "sv": [0]
        }
        assert family_counts_in_areas(areas=[target_area], families={"sv": serious_violence}, ranges=[]) == {
            "sv": []
        }
        assert family_counts_in_areas(areas=[target_area], families={}, ranges=january) == {}


def test_plan_periods_run_from_the_start_month_to_the_last_imported_month(officer):
    place(INSIDE, month(2019, 2), 1)
    plan = factories.make_plan(owner=officer, start_date=datetime.date(2018, 12, 14))
    before, after = plan_periods(plan)
    assert after == (datetime.date(2018, 12, 1), datetime.date(2019, 2, 28))
    assert before == (datetime.date(2018, 9, 1), datetime.date(2018, 11, 30))


def test_plan_periods_are_at_least_one_month(officer):
    plan = factories.make_plan(owner=officer, start_date=datetime.date(2026, 3, 10))
    before, after = plan_periods(plan)
    assert after == (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert before == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))


def test_figures_read_a_fixed_number_of_queries(target_area, serious_violence, django_assert_max_num_queries):
    for n in range(30):
        place(INSIDE, month(2018, 10 + n % 3), 1)
    with django_assert_max_num_queries(3):
        area_figures(area=target_area, family=serious_violence, before=BEFORE, after=AFTER)
