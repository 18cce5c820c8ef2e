"""The programme report's area pages count crime over the same months as its headline figures.

police.uk dates each incident by month only and publishes a month or two late: the headline
(reports.programme) counts the whole months of the period, cut at the last month imported.
An area page that counted every month the period touches compared part months, and months
not yet imported, as if they were whole and known.
"""

import datetime

import pytest

from plans.models import Stage
from reports import programme, programme_pdf
from tests import factories
from tests.reports import programme_story as story

pytestmark = pytest.mark.django_db

# As on the demo data: October 2018 to February 2019 imported, March 2019 not yet published.
IMPORTED = [datetime.date(2018, m, 1) for m in (10, 11, 12)] + [datetime.date(2019, m, 1) for m in (1, 2)]


@pytest.fixture
def imported(world):
    story.families()
    for month in IMPORTED:
        story.incidents(month, story.CLOCK_TOWER_POINT, "Robbery", 12)
    factories.make_plan(
        owner=world.users["owner"],
        area=world.area,
        start_date=datetime.date(2018, 11, 5),
        state=Stage.RESPOND,
    )


def rows_of(page) -> dict:
    return dict(page["figures"]["rows"])


def test_an_area_page_for_a_quarter_with_a_month_not_imported_makes_no_comparison(world, imported):
    # Whole periods only: 2018/19 Q4 (January to March 2019) with March not yet published is
    # neither cut to January and February nor compared; the missing month is named.
    start, end = datetime.date(2019, 1, 1), datetime.date(2019, 3, 31)
    context = programme_pdf.programme_report_context(user=world.users["manager"], start=start, end=end)
    headline = programme.figures_for_scope(programme.whole_programme(), start=start, end=end)
    assert headline.serious_violence.after_period.label == "2018/19 Q4 (January 2019 to March 2019)"
    assert headline.serious_violence.percent is None
    [page] = context["areas"]
    rows = rows_of(page)
    assert rows["After"] == ["Jan–Mar 2019", "Jan–Mar 2019"]
    assert rows["Before"] == ["Oct–Dec 2018", "Oct–Dec 2018"]
    assert rows["Target area, after"][0].text == "24 in the 2 of 3 months imported (not imported: Mar 2019)"
    assert rows["Target area, before"][0].value == 36
    assert rows["Gross effect (R before − R after)"][0].value is None
    assert rows["Gross effect (R before − R after)"][0].text == (
        "no comparison: police.uk data not imported for Mar 2019"
    )


def test_an_area_page_says_when_the_period_holds_no_whole_imported_month(world, imported):
    day = datetime.date(2018, 12, 10)
    headline = programme.figures_for_scope(programme.whole_programme(), start=day, end=day)
    assert "the period holds no whole month" in headline.crime_note
    context = programme_pdf.programme_report_context(user=world.users["manager"], start=day, end=day)
    [page] = context["areas"]
    # Not Nov 2018 against Dec 2018 as if the one day were the whole of December.
    assert page["figures"]["families"] == [] and page["figures"]["rows"] == []
    assert page["figures"]["empty"] == f"No figures for this area. {headline.crime_note}"
    data = programme_pdf.programme_report_pdf(user=world.users["manager"], start=day, end=day)
    text = " ".join(" ".join(p.split()) for p in _pages(data))
    assert "No figures for this area. Incident data is imported for" in text
    assert "Target area, before" not in text


def test_the_area_pages_periods_follow_the_headlines_months():
    imported = {datetime.date(2026, m, 1) for m in range(1, 13)}
    periods, why = programme_pdf._programme_periods(
        datetime.date(2026, 4, 1), datetime.date(2026, 9, 30), imported
    )
    assert periods == (
        (datetime.date(2025, 10, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 9, 30)),
    )
    assert why == ""
    # Part months are left out: 15 April to 14 September holds May to August.
    periods, _ = programme_pdf._programme_periods(
        datetime.date(2026, 4, 15), datetime.date(2026, 9, 14), imported
    )
    assert periods == (
        (datetime.date(2026, 1, 1), datetime.date(2026, 4, 30)),
        (datetime.date(2026, 5, 1), datetime.date(2026, 8, 31)),
    )
    # Not cut at the last month imported: the months missing are named by the figures instead.
    periods, _ = programme_pdf._programme_periods(
        datetime.date(2026, 10, 1), datetime.date(2027, 3, 31), imported - {datetime.date(2026, 12, 1)}
    )
    assert periods == (
        (datetime.date(2026, 4, 1), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 10, 1), datetime.date(2027, 3, 31)),
    )
    periods, why = programme_pdf._programme_periods(
        datetime.date(2026, 11, 2), datetime.date(2026, 11, 24), imported
    )
    assert periods is None and "the period holds no whole month" in why
    periods, why = programme_pdf._programme_periods(
        datetime.date(2026, 4, 1), datetime.date(2026, 9, 30), set()
    )
    assert periods is None and why == "No police.uk incident data has been imported yet."


def _pages(data: bytes) -> list[str]:
    import io

    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
