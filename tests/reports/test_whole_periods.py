"""Whole periods only: a quarter with a month not imported shows no comparison, anywhere.

The programme page, the programme PDF and the funder CSV for 2025/26 Q2 (July to September
2025) when August 2025 was never imported: no percentage, and the month named.
"""

import csv
import datetime
import io

import pypdf
import pytest
from django.urls import reverse

from reports import programme_pdf
from reports.csv_export import funder_rows
from tests.reports import programme_story as story

pytestmark = pytest.mark.django_db

QUARTER = {"period": "quarter", "quarter": "2025/26 Q2"}


@pytest.fixture
def august_missing(world, police_org):
    story.families()
    for month in (7, 9):  # August 2025 never imported
        story.incidents(datetime.date(2025, month, 1), story.CLOCK_TOWER_POINT, "Robbery", 30)
    for month in (7, 8, 9):
        story.incidents(datetime.date(2024, month, 1), story.CLOCK_TOWER_POINT, "Robbery", 30)
    story.patrols(
        police_org, world.users["owner"], world.area, on=datetime.date(2025, 7, 3), count=4, minutes=15
    )


def crime_row(html: str) -> str:
    return html.split("Violence, robbery and weapons", 1)[1].split("</tr>", 1)[0]


def test_the_programme_page_names_the_month_and_gives_no_percentage(world, client_for, august_missing):
    response = client_for(world.users["manager"]).get(reverse("reports:programme"), QUARTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "2025/26 Q2" in html
    row = crime_row(html)
    assert "%" not in row and "fell" not in row and "rose" not in row
    assert "No incident data is imported for August 2025" in html
    # The family's name says what it counts, with its police.uk categories and the caveat.
    assert (
        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons)"
        in html
    )
    assert "police.uk cannot separate serious violence" in html


def test_the_programme_pdf_names_the_month_and_gives_no_percentage(world, august_missing):
    data = programme_pdf.programme_report_pdf(
        user=world.users["manager"], start=datetime.date(2025, 7, 1), end=datetime.date(2025, 9, 30)
    )
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "2025/26 Q2" in text
    assert "No incident data is imported for August 2025" in text
    crime = text.split("Violence, robbery and weapons", 1)[1][:400]
    assert "fell" not in crime and "rose" not in crime and "%" not in crime.split("August 2025", 1)[0]


def test_the_funder_csv_for_that_quarter_has_no_percentage_and_labels_the_quarter(world, august_missing):
    from hotspots.models import PatrolLog

    rows = funder_rows(
        patrols=PatrolLog.objects.all(), start=datetime.date(2025, 7, 1), end=datetime.date(2025, 9, 30)
    )
    assert rows[0][:4] == ["2025/26 Q2", "Jul\u2013Sep 2025", "2025-07-01", "2025-09-30"]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    assert "%" not in out.getvalue()  # patrol dosage only: no comparison to withhold or to misstate
