"""The control's own displacement area (Dc) on the area form and page in a real browser: axe,
320 pixels without sideways scrolling, the drawn Dc on the map, its error linked to its field.
Screenshots at 1280 and 320 pixels go to /tmp/dc-shots/ for a person to look at."""

import json
from pathlib import Path

import pytest

from hotspots import services
from hotspots.models import Area
from tests.browser.conftest import check_axe
from tests.browser.test_hotspot_pages import INSIDE_CLOCK_TOWER, default_families
from tests.hotspots.conftest import CONTROL, TARGET, month, place
from tests.hotspots.test_displacement_control_area import DRAWN_DC, FAR_WEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/dc-shots")


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def drawn_area(world):
    default_families()
    for m in (month(2018, 11), month(2018, 12), month(2019, 1), month(2019, 2)):
        place(INSIDE_CLOCK_TOWER, m, 8)
        place(FAR_WEST, m, 3)
    values = services._prepare_area(
        geometry_value=TARGET,
        lsoa_codes=[],
        buffer_m=200,
        tolerance_m=0,
        control_geometry=CONTROL,
        displacement_control_geometry=DRAWN_DC,
    )
    return Area.objects.create(name="Drawn Dc", **values)


def test_a_dc_without_a_control_is_refused_on_the_form(drawn_area, world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, "/areas/new/")
    assert page.locator("#id_displacement_control_geometry").is_visible()
    page.fill("#id_name", "Dc alone")
    page.fill("#id_geometry", json.dumps(TARGET))
    page.fill("#id_displacement_control_geometry", json.dumps(DRAWN_DC))
    page.click("text=Add the area")
    summary = page.locator(".govuk-error-summary")
    assert "needs a control area" in summary.inner_text()
    summary.locator("a[href='#id_displacement_control_geometry']").click()
    assert page.evaluate("document.activeElement.id") == "id_displacement_control_geometry"
    check_axe(page)
    shoot(page, "area-form-error")


def test_the_edit_form_draws_the_dc_and_the_page_names_it(drawn_area, world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, f"/areas/{drawn_area.pk}/edit/")
    # The outline, the control and the drawn Dc: three shapes on the map.
    page.wait_for_selector("#area-map path.leaflet-interactive")
    assert page.locator("#area-map path.leaflet-interactive").count() == 3
    assert "the ring of the buffer" in page.locator("#id_displacement_control_geometry-hint").inner_text()
    shoot(page, "area-form-edit")
    visit(page, f"/areas/{drawn_area.pk}/?family=serious-violence&after_start=2019-01&after_end=2019-02")
    assert "The area drawn for it" in page.locator(".govuk-summary-list").first.inner_text()
    assert "Control's displacement area (Dc) counted: the area drawn for it." in page.content()
    shoot(page, "area-page")
