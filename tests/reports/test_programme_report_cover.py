"""The programme report's cover says what its counts of areas count, and the crime note the
gaps in the months imported."""

import datetime
import io

import pypdf
import pytest

from hotspots.models import Area
from plans.models import Stage
from reports import programme, programme_pdf
from tests import factories
from tests.reports import programme_story as story

pytestmark = pytest.mark.django_db

Q1_2019 = datetime.date(2019, 1, 1), datetime.date(2019, 3, 31)


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def imported(world):
    """November 2017, then October 2018 to February 2019: December 2017 to September 2018 missing."""
    story.families()
    for year, month in ((2017, 11), (2018, 10), (2018, 11), (2018, 12), (2019, 1), (2019, 2)):
        story.incidents(datetime.date(year, month, 1), story.CLOCK_TOWER_POINT, "Robbery", 5)
    factories.make_plan(
        owner=world.users["owner"],
        area=world.area,
        start_date=datetime.date(2018, 11, 5),
        state=Stage.RESPOND,
    )


def test_the_cover_says_which_areas_each_count_counts(world, imported):
    Area.objects.create(name="No plan here", geometry=story.GALLOWTREE)
    context = programme_pdf.programme_report_context(
        user=world.users["manager"], start=Q1_2019[0], end=Q1_2019[1]
    )
    pages, crime_areas = len(context["areas"]), Area.objects.count()
    assert crime_areas == pages + 1  # the area with no plan counts in the crime figures only
    text = text_of(
        programme_pdf.programme_report_pdf(user=world.users["manager"], start=Q1_2019[0], end=Q1_2019[1])
    )
    assert f"Areas with a plan active in the period (a page each): {pages}" in text
    assert (
        f"Hotspot areas in the crime figures: {crime_areas} (every hotspot area, with a plan or not)" in text
    )
    assert f"Crime within {crime_areas} hotspot areas combined" in text


def test_the_months_imported_are_given_with_their_gaps(world, imported):
    day = datetime.date(2018, 12, 10)
    figures = programme.figures_for_scope(programme.whole_programme(), start=day, end=day)
    # Not "November 2017 to February 2019", as if every month between were imported.
    assert figures.crime_note == (
        "Incident data is imported for November 2017 and October 2018 to February 2019: "
        "the period holds no whole month of it."
    )
    context = programme_pdf.programme_report_context(user=world.users["manager"], start=day, end=day)
    assert all(figures.crime_note in page["figures"]["empty"] for page in context["areas"])
