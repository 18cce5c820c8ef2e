"""Patrols in bulk in a real browser: axe on each page (upload with its errors by row, the batch,
its undo, the GPS upload and review), with and without JavaScript."""

import pytest

from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "area,date,start_time,minutes,kind,staff_count\r\n"
BAD = HEADER + "Clock Tower,18/01/2019,23:00,45,partner,2\r\nClock Tower,31/02/2019,23:00,45,partner,2\r\n"
GOOD = HEADER + "Clock Tower,18/01/2019,23:00,45,partner,2\r\nClock Tower,19/01/2019,23:00,30,partner,1\r\n"
PINGS = "device,timestamp,latitude,longitude\r\n" + "".join(
    f"LE-101,2026-11-30T22:{minute:02d}:00+00:00,52.6352,-1.1340\r\n" for minute in range(13)
)


def csv_file(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


@pytest.mark.parametrize("javascript", [True, False])
def test_a_partner_uploads_a_spreadsheet_fixes_it_and_undoes_it(
    world, page_as, visit, live_server, javascript
):
    page = page_as(world.users["partner_on"], javascript=javascript)
    go = visit if javascript else (lambda p, path: p.goto(live_server.url + path))
    go(page, "/areas/patrols/")
    page.click("text=Upload patrols from a spreadsheet")
    assert page.locator("h1").inner_text() == "Upload patrols from a spreadsheet"
    page.set_input_files("#id_file", csv_file("january.csv", BAD))
    page.click("text=Check and save the patrols")
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1
    assert "Row 3, column B (date): Date of the patrol must be a real date" in summary.inner_text()
    assert page.locator("#row-problems").count() == 1
    if javascript:
        check_axe(page)
    page.set_input_files("#id_file", csv_file("january.csv", GOOD))
    page.click("text=Check and save the patrols")
    assert page.locator("h1").inner_text() == "january.csv"
    assert "2 patrols from january.csv logged" in page.content()
    if javascript:
        check_axe(page)
    page.click("a.govuk-button:has-text('Undo this batch')")
    assert page.locator("h1").inner_text() == "Undo the batch january.csv?"
    if javascript:
        check_axe(page)
    page.click("button:has-text('Undo the batch')")
    assert "are removed" in page.content()
    assert "Undone" in page.content()
    go(page, "/areas/patrols/batches/")
    assert page.locator("h1").inner_text() == "Uploaded batches of patrols"


def test_an_officer_derives_reviews_and_saves_gps_visits(world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, "/areas/patrols/batches/gps/")
    page.click("text=Derive the visits")
    assert "Choose the file of pings to upload" in page.locator(".govuk-error-summary").inner_text()
    check_axe(page)
    page.set_input_files("#id_file", csv_file("radios.csv", PINGS))
    page.click("text=Derive the visits")
    assert page.locator("h1").inner_text() == "Review the visits"
    assert "LE-101" in page.content()
    check_axe(page)
    page.click("text=Save 1 GPS patrol")
    assert page.locator("h1").inner_text() == "radios.csv"
    assert "GPS visit" in page.content()
    check_axe(page)
