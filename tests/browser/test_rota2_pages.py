"""Each organisation's funded hours and the quarterly hotspot refresh in a real browser: axe on
each page, an error then the right answer, and no sideways scrolling at 320 CSS pixels."""

import datetime
import os

import pytest
from django.utils import timezone

from hotspots import rota_services
from tests.browser.conftest import check_axe, check_reflow
from tests.factories import make_patrol
from tests.hotspots.scan_helpers import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep screenshots of each page at 1280 and 320 pixels wide.
SHOTS = os.environ.get("ROTA_SCREENSHOTS", "")


def shoot(page, name):
    if not SHOTS:
        return
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def funded(world):
    today = timezone.localdate()
    rota_services.funded_target_set(
        actor=world.users["manager"],
        first_date=today - datetime.timedelta(days=100),
        last_date=today + datetime.timedelta(days=265),
        hours=13_000,
    )
    make_patrol(
        area=world.area,
        logged_by=world.users["partner_on"],
        date=today - datetime.timedelta(days=3),
        minutes=600,
    )
    return world


def test_a_manager_sets_an_organisations_hours_after_an_error(funded, page_as, visit):
    page = page_as(funded.users["manager"])
    visit(page, "/rota/target/organisations/")
    assert page.locator("h1").inner_text() == "Each organisation's funded patrol hours"
    check_reflow(page)
    shoot(page, "organisation-targets")
    page.select_option("#id_organisation", label="Street Pastors")
    page.fill("#id_hours", "20000")
    page.click("text=Save the organisation's hours")
    assert "more than the programme's 13,000" in page.content()
    assert page.locator(".govuk-error-summary").count() == 1
    check_axe(page)
    check_reflow(page)
    shoot(page, "organisation-targets-error")
    page.fill("#id_hours", "2000")
    page.click("text=Save the organisation's hours")
    assert "Street Pastors's funded target is 2,000 patrol hours" in page.content()
    check_axe(page)
    visit(page, "/rota/compliance/")
    assert "Street Pastors: 10 of 2,000 hours" in page.content()
    check_reflow(page)
    shoot(page, "compliance-with-organisation-target")
    visit(page, "/programme/")
    shoot(page, "programme-with-organisation-target")


def test_the_quarterly_refresh_page(world, page_as, visit):
    cell = (3058 * 150 + 75, 2030 * 150 + 75)
    for month in (datetime.date(2022, 1, 1), datetime.date(2022, 2, 1)):
        at(*cell, month, 4, location="On or near Haymarket")
        at(cell[0] + 600, cell[1], month, 2, location="On or near Granby Street")
    page = page_as(world.users["manager"])
    visit(page, "/")
    page.click("text=See each hotspot's standing in Scan's ranking")
    assert page.locator("h1").inner_text() == "Quarterly hotspot refresh"
    check_axe(page)
    check_reflow(page)
    shoot(page, "hotspot-refresh")
    page.fill("#id_start", "2022-13")
    page.click("text=Refresh the standings")
    assert page.locator(".govuk-error-summary").count() == 1
    check_axe(page)
    check_reflow(page)
    shoot(page, "hotspot-refresh-error")
    page.fill("#id_start", "2022-01")
    page.fill("#id_end", "2022-02")
    page.select_option("#id_family", value="asb")
    page.click("text=Refresh the standings")
    assert "Jan–Feb 2022" in page.content()
    # The world's Clock Tower (an open plan) holds the busiest cell; the other is uncovered.
    standing = page.locator("[data-table=standings]").inner_text()
    assert world.area.name in standing and "Best ranked 1" in standing
    assert "Cell 3062, 2030" in page.locator("[data-table=uncovered]").inner_text()
    check_axe(page)
    check_reflow(page)
    shoot(page, "hotspot-refresh-results")


def test_a_partner_is_told_nothing_of_the_refresh(world, page_as, visit):
    visit(page_as(world.users["partner_on"]), "/scan/refresh/", status=404)
