"""Exporting the programme report: managers only, for a chosen period, one page per area."""

import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from hotspots.models import Area
from reports import programme_pdf
from tests import factories
from tests.world import SQUARE

URL = reverse("reports:programme_report_pdf")


def form() -> dict:
    """The export form, read at each use: a run that crosses midnight would end it yesterday."""
    return {
        "start": "2024-01-01",
        "end": timezone.localdate().isoformat(),  # a report's period ends today at the latest
        "purpose": "Annual report to the PCC",
        "recipient": "Office of the Police and Crime Commissioner",
    }


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_it_refuses_everyone_but_managers(world, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403
    assert not Event.objects.filter(action="report.export").exists()


def test_it_shows_the_period_form_to_a_manager(world, client_for):
    response = client_for(world.users["manager"]).get(URL)
    assert response.status_code == 200
    for name in (b'name="start-day"', b'name="end-year"', b'name="purpose"', b'name="recipient"'):
        assert name in response.content


def test_it_asks_again_for_a_backwards_period(world, client_for):
    response = client_for(world.users["manager"]).post(URL, {**form(), "end": "2023-01-01"})
    assert response.status_code == 200
    assert b"must be the same as or after" in response.content


def test_it_asks_again_without_purpose_and_recipient(world, client_for):
    response = client_for(world.users["manager"]).post(URL, {**form(), "purpose": "", "recipient": ""})
    assert response.status_code == 200
    assert response.content.count(b'<p class="govuk-error-message"') == 2


def test_it_downloads_one_page_per_area_and_records_the_disclosure(world, client_for):
    second = Area.objects.create(name="Gallowtree Gate", geometry=SQUARE)
    factories.make_plan(owner=world.users["officer2"], area=second, title="Begging at the gate")
    response = client_for(world.users["manager"]).post(URL, form())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="programme-report-2024-01-01-to-{form()["end"]}.pdf"'
    )
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages]
    area_pages = [p for p in pages if "Area: " in p]
    assert len(area_pages) == 2
    assert "Area: Clock Tower" in area_pages[0] and world.plan.reference in area_pages[0]
    assert "Area: Gallowtree Gate" in area_pages[1] and "Begging at the gate" in area_pages[1]
    assert "Programme figures" in "\n".join(pages)
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    event = Event.objects.get(action="report.export")
    assert event.actor == world.users["manager"]
    assert event.reason == form()["purpose"]
    assert event.changes["recipient"] == [None, form()["recipient"]]


def test_it_renders_ten_areas(world):
    for n in range(10):
        area = Area.objects.create(name=f"Area {n}", geometry=SQUARE)
        factories.make_plan(owner=world.users["owner"], area=area)
    import datetime

    data = programme_pdf.programme_report_pdf(
        user=world.users["manager"], start=datetime.date(2026, 4, 1), end=datetime.date(2027, 3, 31)
    )
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert sum("Area: " in p for p in pages) == 11


def test_the_programme_pages_link_brings_its_period_to_the_form(world, client_for):
    client = client_for(world.users["manager"])
    html = client.get(
        reverse("reports:programme"), {"period": "quarter", "quarter": "2026/27 Q2"}
    ).content.decode()
    assert URL + "?start=2026-07-01&amp;end=2026-09-30" in html
    form = client.get(URL, {"start": "2026-07-01", "end": "2026-09-30"}).content.decode()
    for part, value in (("start-day", "1"), ("start-month", "7"), ("end-day", "30"), ("end-year", "2026")):
        numeric = "" if "month" in part else ' inputmode="numeric"'
        assert f'name="{part}" type="text"{numeric} value="{value}"' in form
