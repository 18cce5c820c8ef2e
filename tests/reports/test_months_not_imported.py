"""A count over months of which some were never imported says which months it leaves out.

Wherever such a count is printed: the plan report's figures, the programme report's crime
table and the programme_figures command's text. Otherwise "before 80" over July to October
with only October imported reads as four months' incidents.
"""

import datetime
import io

import pypdf
import pytest
from django.core.management import call_command

from plans.models import Stage
from reports import plan_pdf, programme_pdf
from tests import factories
from tests.reports import programme_story as story

pytestmark = pytest.mark.django_db


def months(*pairs):
    return [datetime.date(year, month, 1) for year, month in pairs]


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def imported(world):
    """November 2017, then October 2018 to February 2019: April to September 2018 never imported."""
    story.families()
    for month in months((2017, 11), (2018, 10), (2018, 11), (2018, 12), (2019, 1), (2019, 2)):
        story.incidents(month, story.CLOCK_TOWER_POINT, "Robbery", 20)


def test_the_plan_reports_figures_name_the_months_not_imported(world, imported):
    # Started in November 2018: after is November to February, before July to October, of
    # which only October was imported.
    plan = factories.make_plan(
        owner=world.users["owner"], area=world.area, start_date=datetime.date(2018, 11, 5), state=Stage.ASSESS
    )
    section = plan_pdf.figures_section(plan)
    note = (
        "No police.uk data imported for Jul\u2013Sep 2018: no comparison is made, "
        "and counts are of the months imported only."
    )
    caveat = "police.uk cannot separate serious violence: this family counts every incident in its categories, serious or not."
    assert section["notes"] == [caveat, note]
    text = text_of(plan_pdf.plan_report_pdf(plan=plan, user=world.users["owner"], partner_version=False))
    assert "Target area, before 20 in the 1 of 4 months imported (not imported: Jul\u2013Sep 2018)" in text
    assert note in text


FY_NOTE = (
    "No incident data is imported for April 2018 to September 2018 and March 2019, within financial "
    "year 2018/19 (April 2018 to March 2019). No incident data is imported for April 2017 to October "
    "2017 and December 2017 to March 2018, within financial year 2017/18 (April 2017 to March 2018)."
)
VRW = (
    "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons)"
)
CAVEAT = "police.uk cannot separate serious violence: this family counts every incident in its categories, serious or not."


def test_the_programme_commands_text_names_the_months_not_imported(world, imported):
    # The whole financial year, March 2019 included though it is not imported: named, not cut off.
    out = io.StringIO()
    call_command("programme_figures", "--from", "2018-04-01", "--to", "2019-03-31", stdout=out)
    crime = out.getvalue().split("hotspot areas combined:", 1)[1].split("Plans in operation on", 1)[0]
    lines = [line.strip() for line in crime.splitlines() if line.strip()]
    assert lines == [
        f"{VRW}: 20 (financial year 2017/18 (April 2017 to March 2018)) to 100 (financial year 2018/19 "
        "(April 2018 to March 2019)), not defined (incident data missing for some months of the period)",
        FY_NOTE,
        CAVEAT,
        "Anti-social behaviour: 0 (financial year 2017/18 (April 2017 to March 2018)) to 0 (financial year "
        "2018/19 (April 2018 to March 2019)), not defined (incident data missing for some months of the period)",
        FY_NOTE,
    ]


def test_the_programme_reports_crime_table_names_the_months_not_imported(world, imported):
    data = programme_pdf.programme_report_pdf(
        user=world.users["manager"], start=datetime.date(2018, 4, 1), end=datetime.date(2019, 3, 31)
    )
    # After the statement (which has always carried the note): the crime table itself.
    table = text_of(data).split("hotspot areas combined, against the same period last year", 1)[1]
    table = table.split("Plans and tasks on", 1)[0]
    assert "100" in table and "rose" not in table and "fell" not in table
    assert FY_NOTE in table
