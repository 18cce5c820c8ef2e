"""The hotspot pages in a real browser: axe on each, the drawing map, errors, no-JS forms."""

import importlib
import json

import pytest

from hotspots.models import Area, PatrolLog
from tests.browser.conftest import check_axe
from tests.hotspots.conftest import REAL_FILES, month, place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSIDE_CLOCK_TOWER = (-1.1340, 52.6352)


def default_families():
    """Transactional tests flush the families migration 0004 created: put them back."""
    from django.apps import apps

    module = importlib.import_module("hotspots.migrations.0004_evidence_control_bbox_and_families")
    module.create_default_families(apps, None)


@pytest.fixture
def evidence(world, police_org):
    default_families()
    for m, n in ((month(2018, 11), 14), (month(2018, 12), 12), (month(2019, 1), 6), (month(2019, 2), 5)):
        place(INSIDE_CLOCK_TOWER, m, n)
        place(INSIDE_CLOCK_TOWER, m, n // 2, crime_type="Anti-social behaviour")
    PatrolLog.objects.create(
        area=world.area,
        organisation=police_org,
        logged_by=world.users["owner"],
        date=month(2019, 1),
        start_time="22:00",
        minutes=12,
        kind=PatrolLog.Kind.FOOT,
    )
    return world


@pytest.mark.parametrize("persona", ["owner", "manager"])
def test_area_list_and_detail_are_accessible(evidence, page_as, visit, persona):
    page = page_as(evidence.users[persona])
    visit(page, "/areas/")
    assert page.locator("h1").inner_text() == "Hotspot areas"
    visit(page, f"/areas/{evidence.area.pk}/")
    assert page.locator("svg[role=img]").count() == 1
    assert "Nov\u2013Dec 2018 compared with Jan\u2013Feb 2019" in page.content()


def test_choosing_another_family_and_period(evidence, page_as, visit):
    page = page_as(evidence.users["owner"])
    visit(page, f"/areas/{evidence.area.pk}/")
    page.select_option("#id_family", "asb")
    page.fill("#id_after_start", "2019-02")
    page.fill("#id_after_end", "2019-02")
    page.click("text=Show the figures")
    assert "Anti-social behaviour: Jan 2019 compared with Feb 2019" in page.content()
    check_axe(page)
    page.fill("#id_after_start", "2019-99")
    page.click("text=Show the figures")
    assert "There is a problem" in page.content()
    check_axe(page)


def test_drawing_an_area_on_the_map(evidence, page_as, visit):
    page = page_as(evidence.users["owner"])
    visit(page, "/areas/new/")
    assert page.locator("#area-map-panel").is_visible()
    page.click("text=Add the area")
    assert "Enter a name for the area" in page.content()
    check_axe(page)
    page.fill("#id_name", "Drawn on the map")
    page.locator("#area-map").scroll_into_view_if_needed()
    box = page.locator("#area-map").bounding_box()
    for dx, dy in ((0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.3, 0.7)):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    page.click("#area-map-finish")
    outline = json.loads(page.input_value("#id_geometry"))
    assert outline["type"] == "Polygon" and len(outline["coordinates"][0]) == 5
    page.click("text=Add the area")
    area = Area.objects.get(name="Drawn on the map")
    assert page.url.endswith(f"/areas/{area.pk}/")
    check_axe(page)


def test_pasting_an_area_without_javascript_and_fixing_an_error(evidence, page_as, live_server):
    page = page_as(evidence.users["manager"], javascript=False)
    page.goto(live_server.url + "/areas/new/")
    assert not page.locator("#area-map-panel").is_visible()
    page.fill("#id_name", "Pasted")
    page.fill("#id_geometry", '{"type": "Point", "coordinates": [-1.13, 52.63]}')
    page.click("text=Add the area")
    assert "must be a Polygon or MultiPolygon, not Point" in page.content()  # axe needs JS: see below
    page.fill(
        "#id_geometry",
        json.dumps(
            {
                "type": "Polygon",
                "coordinates": [[[-1.131, 52.636], [-1.129, 52.636], [-1.129, 52.637], [-1.131, 52.636]]],
            }
        ),
    )
    page.click("text=Add the area")
    assert Area.objects.filter(name="Pasted").exists()


def test_editing_an_area_is_accessible(evidence, page_as, visit):
    page = page_as(evidence.users["officer2"])
    visit(page, f"/areas/{evidence.area.pk}/edit/")
    assert page.locator("h1").inner_text() == "Edit Clock Tower"


def test_removing_an_area(evidence, page_as, visit):
    page = page_as(evidence.users["manager"])
    visit(page, f"/areas/{evidence.area.pk}/remove/")  # the world's plan is in it
    assert page.locator("h1").inner_text() == "Clock Tower cannot be removed"
    spare = Area.objects.create(name="Drawn by mistake", geometry=evidence.area.geometry)
    visit(page, f"/areas/{spare.pk}/")
    page.click("text=Remove the area")
    check_axe(page)
    page.click("button:has-text('Remove the area')")
    assert "Give the reason for removing this area" in page.content()
    check_axe(page)
    page.fill("#id_reason", "Drawn twice")
    page.click("button:has-text('Remove the area')")
    assert page.url.endswith("/areas/")
    assert "Area Drawn by mistake removed" in page.content()
    assert not Area.objects.filter(pk=spare.pk).exists()
    check_axe(page)


@pytest.mark.parametrize("persona", ["owner", "partner_on"])
def test_logging_a_patrol(evidence, page_as, visit, persona):
    page = page_as(evidence.users[persona])
    visit(page, "/areas/patrols/new/")
    page.click("text=Log the patrol")
    assert "There is a problem" in page.content()
    check_axe(page)
    page.select_option("#id_area", str(evidence.area.pk))
    page.fill("#id_date-day", "19")
    page.fill("#id_date-month", "Jan")
    page.fill("#id_date-year", "2019")
    page.fill("#id_start_time", "23:15")
    page.fill("#id_minutes", "14")
    page.select_option("#id_kind", "foot")
    page.click("text=Log the patrol")
    assert page.url.endswith("/areas/patrols/")
    check_axe(page)
    assert "Patrol in Clock Tower on 19 January 2019 logged" in page.content()


def submits_on_double_click(page, button: str) -> int:
    """How many times a double click on the button submits its form (the submits are held back)."""
    page.evaluate(
        """() => { window.submits = 0; for (const form of document.forms) form.addEventListener(
            'submit', (event) => { window.submits += 1; event.preventDefault(); }); }"""
    )
    page.dblclick(button)
    return page.evaluate("window.submits")


@pytest.mark.parametrize(
    ("url", "button"), [("/areas/patrols/new/", "text=Log the patrol"), ("/plans/new/", "text=Open the plan")]
)
def test_a_double_click_sends_a_new_record_once(evidence, page_as, visit, url, button):
    # A patrol logged twice doubles the dosage the funder is told of; a plan opened twice is a
    # second plan to withdraw. GOV.UK Frontend's button ignores a second click within a second.
    page = page_as(evidence.users["owner"])
    visit(page, url)
    assert submits_on_double_click(page, button) == 1


def test_correcting_then_removing_a_patrol(evidence, page_as, visit):
    patrol = PatrolLog.objects.get(minutes=12)
    page = page_as(evidence.users["officer2"])  # another officer corrects the police patrol
    visit(page, "/areas/patrols/")
    page.click(f"a[href='/areas/patrols/{patrol.pk}/edit/']")
    check_axe(page)
    page.fill("#id_minutes", "")
    page.click("text=Save the patrol")
    assert "There is a problem" in page.content()
    check_axe(page)
    page.fill("#id_minutes", "14")
    page.click("text=Save the patrol")
    assert page.url.endswith("/areas/patrols/")
    patrol.refresh_from_db()
    assert patrol.minutes == 14
    page.click(f"a[href='/areas/patrols/{patrol.pk}/remove/']")
    check_axe(page)
    page.click("text=Remove the patrol")
    assert "Give the reason for removing this patrol" in page.content()
    check_axe(page)
    page.fill("#id_reason", "Logged twice")
    page.click("text=Remove the patrol")
    assert page.url.endswith("/areas/patrols/")
    assert not PatrolLog.objects.filter(pk=patrol.pk).exists()
    assert "removed" in page.content()
    check_axe(page)


def test_importing_a_month_as_an_administrator(evidence, admin_user, page_as, visit):
    page = page_as(admin_user)
    visit(page, "/areas/import/")
    page.click("text=Import the file")
    assert "Choose a file to import" in page.content()
    check_axe(page)
    page.set_input_files("#id_file", str(REAL_FILES[4]))
    page.click("text=Import the file")
    # The fixture's incidents made February 2019 an imported month: the file replaces them.
    assert "imported earlier for Leicestershire Police 2019-02 with the 8,136 rows of this file" in (
        page.content()
    )
    check_axe(page)


def test_the_assess_panel_on_the_plan_page(evidence, page_as, visit):
    from hotspots.figure_periods import plan_periods
    from hotspots.measures import months_between
    from tests.hotspots.conftest import mark_imported

    # A baseline is offered only from a before period whose every month is imported.
    mark_imported(*months_between(*plan_periods(evidence.plan)[0]))
    page = page_as(evidence.users["owner"])
    visit(page, f"/plans/{evidence.plan.pk}/")
    assert page.locator("#assess-evidence-heading").count() == 1
    buttons = page.locator("text=Use this figure as the baseline")
    assert buttons.count() == 2
    buttons.first.click()
    page.wait_for_load_state()
    assert "Baseline set to" in page.content()
    check_axe(page)
