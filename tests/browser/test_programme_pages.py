"""The programme page and the funder return in a real browser: axe on pages, forms and errors."""

import csv
import io

import pytest

from tests.browser.conftest import check_axe
from tests.reports import programme_story as story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def built(world, police_org, pastors_org, wardens_org, bid_org):
    return story.build(world, police_org, pastors_org, wardens_org, bid_org)


@pytest.mark.parametrize("persona", ["manager", "partner_on", "owner"])
def test_the_programme_page_is_accessible(persona, world, built, page_as, visit):
    page = page_as(world.users[persona])
    visit(page, "/programme/?period=quarter&quarter=2026%2F27+Q2")
    assert page.locator("h1").inner_text() == "Programme figures"
    assert page.locator("#statement p[data-statement]").count() >= 3
    assert page.locator("svg[role=img]").count() >= 1


def test_choosing_a_financial_year_without_javascript(world, built, page_as, live_server):
    page = page_as(world.users["manager"], javascript=False)
    page.goto(live_server.url + "/programme/")
    page.check("#id_period-year")
    page.fill("#id_year", "2026/27")
    page.click("text=Show the figures")
    assert "1 April 2026 to" in page.locator("#period").inner_text()
    assert "period=year" in page.url


def test_a_bad_quarter_shows_an_accessible_error(world, page_as, visit):
    page = page_as(world.users["manager"])
    visit(page, "/programme/")
    page.fill("#id_quarter", "next quarter")
    page.click("text=Show the figures")
    assert "There is a problem" in page.content()
    assert (
        "Enter the quarter as the financial year and Q1 to Q4"
        in page.locator(".govuk-error-summary").inner_text()
    )
    check_axe(page)


def test_the_funder_return_form_and_download(world, built, page_as, visit):
    page = page_as(world.users["manager"])
    visit(page, "/programme/funder-return.csv?start=2026-07-01&end=2026-09-30")
    assert page.locator("h1").inner_text() == "Export the funder return"
    page.click("text=Download the CSV")
    assert "There is a problem" in page.content()
    check_axe(page)
    page.fill("#id_purpose", "Quarterly return")
    page.fill("#id_recipient", "Home Office hotspot fund")
    with page.expect_download() as info:
        page.click("text=Download the CSV")
    download = info.value
    assert download.suggested_filename == "funder-return-2026-07-01-to-2026-09-30.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    totals = {r["Police or partners"]: r for r in rows if r["Quarter"] == "All quarters"}
    assert totals["Police"]["Patrol-hours"] == "16.0" and totals["Partners"]["Patrol-hours"] == "11.3"
