import json

import pytest

from audit.models import Event

from .conftest import TARGET

pytestmark = pytest.mark.django_db


def form(world, **overrides):
    data = {
        "name": "Clock Tower and Haymarket",
        "geometry": json.dumps(TARGET),
        "lsoa_codes": "",
        "buffer_m": "150",
        "tolerance_m": "25",
        "control_geometry": "",
        "version": str(world.area.version),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["owner", "officer2", "manager"])
def test_police_edit_areas_audited_with_old_and_new(world, client_for, persona):
    response = client_for(world.users[persona]).post(f"/areas/{world.area.pk}/edit/", form(world))
    assert response.status_code == 302
    world.area.refresh_from_db()
    assert (world.area.name, world.area.buffer_m, world.area.tolerance_m) == (
        "Clock Tower and Haymarket",
        150,
        25,
    )
    assert world.area.min_lon is not None
    event = Event.objects.get(action="area.update")
    assert event.changes["buffer_m"] == [200, 150]
    assert event.changes["name"] == ["Clock Tower", "Clock Tower and Haymarket"]


def test_the_form_starts_with_the_area(world, client_for):
    page = client_for(world.users["owner"]).get(f"/areas/{world.area.pk}/edit/").content.decode()
    assert 'value="Clock Tower"' in page
    assert "-1.136" in page


@pytest.mark.parametrize("persona", ["partner_on", "partner_off"])
def test_partners_get_404(world, client_for, persona):
    assert (
        client_for(world.users[persona]).post(f"/areas/{world.area.pk}/edit/", form(world)).status_code == 404
    )
    world.area.refresh_from_db()
    assert world.area.name == "Clock Tower"


def test_a_bad_outline_keeps_the_area_as_it_was(world, client_for):
    response = client_for(world.users["owner"]).post(
        f"/areas/{world.area.pk}/edit/", form(world, geometry="[]")
    )
    assert response.status_code == 400
    world.area.refresh_from_db()
    assert world.area.name == "Clock Tower" and world.area.buffer_m == 200


@pytest.mark.parametrize("field", ["geometry", "control_geometry"])
def test_a_number_of_thousands_of_digits_keeps_the_area_and_the_form(world, client_for, field):
    text = json.dumps(TARGET).replace("-1.136", "-" + "1" * 5000, 1)
    response = client_for(world.users["owner"]).post(
        f"/areas/{world.area.pk}/edit/", form(world, **{field: text})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not valid GeoJSON: a number is too long" in page
    assert 'value="Clock Tower and Haymarket"' in page  # what was typed is kept
    world.area.refresh_from_db()
    assert (world.area.name, world.area.buffer_m, world.area.version) == ("Clock Tower", 200, 1)
    assert not Event.objects.filter(action="area.update").exists()
