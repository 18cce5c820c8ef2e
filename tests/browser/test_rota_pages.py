"""The rota pages in a real browser: axe on each, for the police and a partner lead, with and
without JavaScript, and the forms' errors."""

import datetime
import os

import pytest
from django.utils import timezone

from hotspots import rota_services
from tests.browser.conftest import check_axe
from tests.factories import make_patrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep screenshots of each page at 1280 and 320 pixels wide.
SHOTS = os.environ.get("ROTA_SCREENSHOTS", "")


def org(user):
    return user.memberships.get().organisation


@pytest.fixture
def rota(world):
    today = timezone.localdate()
    last_month = today - datetime.timedelta(days=28)
    pastors = rota_services.rota_pattern_create(
        actor=world.users["owner"],
        area=world.area,
        organisation=org(world.users["partner_on"]),
        weekdays=[4, 5],
        start_time=datetime.time(22, 0),
        minutes=240,
        staff_count=2,
        first_date=last_month,
        last_date=today + datetime.timedelta(days=60),
    )
    rota_services.rota_pattern_create(
        actor=world.users["manager"],
        area=world.area,
        organisation=org(world.users["owner"]),
        weekdays=[0, 2],
        start_time=datetime.time(7, 15),
        minutes=90,
        staff_count=1,
        first_date=last_month,
        last_date=today + datetime.timedelta(days=30),
    )
    first = pastors.slots.order_by("starts_at").first()
    rota_services.rota_exception_add(
        actor=world.users["owner"],
        pattern=pastors,
        date=pastors.slots.order_by("starts_at")[1].date,
        kind="cancelled",
        reason="Bank holiday event",
    )
    make_patrol(
        area=world.area,
        logged_by=world.users["partner_on"],
        date=first.date,
        start_time=datetime.time(23, 0),
        minutes=60,
    )
    make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=first.date,
        start_time=datetime.time(14, 0),
        minutes=30,
    )
    return world


def shoot(page, name):
    if not SHOTS:
        return
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("persona", ["owner", "manager", "partner_on"])
def test_the_rota_and_compliance_pages_are_accessible(rota, page_as, visit, persona):
    page = page_as(rota.users[persona])
    visit(page, f"/rota/areas/{rota.area.pk}/")
    assert page.locator("h1").inner_text() == "Patrol rota"
    shoot(page, f"rota-{persona}")
    visit(page, "/rota/compliance/")
    assert page.locator("h1").inner_text() == "Patrol rota compliance"
    shoot(page, f"compliance-{persona}")


@pytest.mark.parametrize("javascript", [True, False])
def test_planning_a_pattern_with_an_error_then_right(rota, page_as, visit, live_server, javascript):
    page = page_as(rota.users["owner"], javascript=javascript)
    if javascript:
        visit(page, f"/rota/areas/{rota.area.pk}/new/")  # axe needs the page's scripts
    else:
        page.goto(live_server.url + f"/rota/areas/{rota.area.pk}/new/")
    shoot(page, f"pattern-form-{javascript}")
    page.select_option("#id_organisation", label="BID Leicester")
    page.fill("#id_start_time", "21:00")
    page.fill("#id_minutes", "120")
    page.fill("#id_first_date-day", "3")
    page.fill("#id_first_date-month", "7")
    page.fill("#id_first_date-year", "2026")
    page.fill("#id_last_date-day", "31")
    page.fill("#id_last_date-month", "7")
    page.fill("#id_last_date-year", "2026")
    page.click("text=Plan the slots")
    assert "Choose at least one day of the week" in page.content()
    assert page.locator(".govuk-error-summary").count() == 1
    if javascript:
        check_axe(page)
    page.locator("#id_weekdays_4").check()
    shoot(page, f"pattern-form-error-{javascript}")
    page.click("text=Plan the slots")
    assert page.locator("h1").inner_text() == "Patrol rota"
    assert "BID Leicester: Fridays at 21:00" in page.content()


def test_the_exception_form_is_accessible_with_its_errors(rota, page_as, visit):
    from hotspots.rota_models import RotaPattern

    pattern = RotaPattern.objects.get(organisation=org(rota.users["partner_on"]))
    page = page_as(rota.users["manager"])
    visit(page, f"/rota/patterns/{pattern.pk}/exception/")
    page.click("text=Save")
    assert "Enter the date of the slot" in page.content()
    check_axe(page)
    shoot(page, "exception-form-error")


def test_the_partner_lead_confirms(rota, page_as, visit):
    page = page_as(rota.users["partner_on"])
    visit(page, f"/rota/areas/{rota.area.pk}/")
    page.click("text=Confirm Street Pastors will staff these slots")
    assert "You confirmed Street Pastors" in page.content()
    assert page.locator("text=Confirm Street Pastors will staff these slots").count() == 0
    check_axe(page)


def test_the_funded_target_form_and_its_progress(rota, page_as, visit):
    page = page_as(rota.users["manager"])
    visit(page, "/rota/target/")
    page.fill("#id_first_date-day", "1")
    page.fill("#id_first_date-month", "4")
    page.fill("#id_first_date-year", "2026")
    page.fill("#id_last_date-day", "31")
    page.fill("#id_last_date-month", "3")
    page.fill("#id_last_date-year", "2027")
    page.click("text=Save the target")
    assert "Enter the funded patrol hours" in page.content()
    check_axe(page)
    page.fill("#id_hours", "13000")
    page.click("text=Save the target")
    assert page.locator("h1").inner_text() == "Patrol rota compliance"
    assert "of 13,000 hours" in page.content()
    check_axe(page)
    shoot(page, "compliance-with-target")


def test_changing_and_removing_a_pattern_and_running_a_date_as_planned(rota, page_as, visit):
    from hotspots.rota_models import RotaException, RotaPattern

    pattern = RotaPattern.objects.get(organisation=org(rota.users["partner_on"]))
    page = page_as(rota.users["owner"])
    visit(page, f"/rota/patterns/{pattern.pk}/change/")
    page.fill("#id_minutes", "0")
    page.click("text=Save the rota")
    assert "A slot lasts at least 1 minute" in page.content()
    check_axe(page)
    shoot(page, "pattern-change-error")
    page.fill("#id_minutes", "180")
    page.click("text=Save the rota")
    assert page.locator("h1").inner_text() == "Patrol rota"
    assert "Street Pastors is asked to confirm it again" in page.content()
    check_axe(page)
    shoot(page, "rota-after-change")
    page.click("text=Run as planned")
    assert "runs as planned again" in page.content()
    assert not RotaException.objects.exists()
    visit(page, f"/rota/patterns/{pattern.pk}/remove/")
    page.click("text=Remove the rota")
    assert "Give the reason for removing this rota" in page.content()
    check_axe(page)
    shoot(page, "pattern-remove-error")
    page.fill("#id_reason", "Planned twice")
    page.click("text=Remove the rota")
    assert "removed" in page.content() and not RotaPattern.objects.filter(pk=pattern.pk).exists()


@pytest.mark.parametrize("persona", ["manager", "owner", "partner_on"])
def test_the_home_pages_missed_slots_and_the_programmes_target(rota, page_as, visit, persona):
    today = timezone.localdate()
    rota_services.funded_target_set(
        actor=rota.users["manager"],
        first_date=today - datetime.timedelta(days=100),
        last_date=today + datetime.timedelta(days=265),
        hours=13_000,
    )
    page = page_as(rota.users[persona])
    visit(page, "/")
    assert "missed or short last week" in page.content()
    shoot(page, f"home-{persona}")
    visit(page, "/programme/")
    assert ("of 13,000 hours" in page.content()) == (persona != "partner_on")
    shoot(page, f"programme-{persona}")


def test_a_claim_statement_queried_then_approved(rota, page_as, visit):
    from decimal import Decimal

    from hotspots import claim_services
    from hotspots.claims import FinancialQuarter

    pastors = org(rota.users["partner_on"])
    claim_services.partner_rate_set(actor=rota.users["manager"], organisation=pastors, rate=Decimal("18.35"))
    quarter = FinancialQuarter.of(timezone.localdate()).previous
    page = page_as(rota.users["manager"])
    visit(page, "/claims/")
    shoot(page, "claims-list")
    visit(page, f"/claims/{pastors.pk}/{quarter.slug}/")
    page.click("text=Query the claim")
    assert "Say what the partner needs to answer" in page.content()
    check_axe(page)
    shoot(page, "claim-query-error")
    page.fill("#id_note", "Which visits were on foot?")
    page.click("text=Query the claim")
    assert "is queried" in page.content()
    page.click("text=Approve £")
    assert "is approved" in page.content()
    check_axe(page)
    shoot(page, "claim-approved")
    partner = page_as(rota.users["partner_on"])
    visit(partner, f"/claims/{pastors.pk}/{quarter.slug}/")
    shoot(partner, "claim-partner")
    visit(partner, f"/claims/{pastors.pk}/{quarter.slug}/statement.csv")
    check_axe(partner)
