"""Two people editing the same area: the later save of an older page is refused, never silently
overwriting the first; what the second typed is kept and shown beside the values now saved."""

import json
import re

import pytest
from django.test import Client

from audit.models import Event
from hotspots import services

from .conftest import TARGET

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def drawn_version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def answers(area, version, **overrides):
    data = {
        "name": area.name,
        "geometry": json.dumps(area.geometry),
        "lsoa_codes": "",
        "buffer_m": str(area.buffer_m),
        "tolerance_m": str(area.tolerance_m),
        "control_geometry": "",
        "version": version,
    }
    data.update(overrides)
    return data


def test_the_form_carries_the_version_it_was_drawn_from(world, client_for):
    page = client_for(world.users["owner"]).get(f"/areas/{world.area.pk}/edit/").content.decode()
    assert 'type="hidden" name="version" value="1"' in page
    assert 'for="id_version"' not in page  # hidden: no label


def test_a_stale_save_is_refused_and_the_first_save_survives(world):
    area = world.area
    priya, tom = browser(world.users["owner"]), browser(world.users["officer2"])
    url = f"/areas/{area.pk}/edit/"
    priyas_version = drawn_version(priya.get(url).content.decode())
    toms_version = drawn_version(tom.get(url).content.decode())

    assert tom.post(url, answers(area, toms_version, buffer_m="500")).status_code == 302
    area.refresh_from_db()
    assert (area.buffer_m, area.version) == (500, 2)

    # Priya renames the area on the page she opened before Tom's save.
    stale = priya.post(url, answers(area, priyas_version, name="Clock Tower and Haymarket", buffer_m="200"))
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else saved this area after you opened it" in page
    assert "Nothing you typed has been saved or lost" in page
    conflict = page[page.index("govuk-summary-list") : page.index("Check your changes")]
    assert "Buffer ring width in metres" in conflict and ">500<" in conflict
    assert "Name" not in conflict  # only what Tom changed
    assert 'value="Clock Tower and Haymarket"' in page  # what Priya typed is kept
    assert drawn_version(page) == "2"  # the next save is based on the version now saved
    area.refresh_from_db()
    assert (area.name, area.buffer_m, area.version) == ("Clock Tower", 500, 2)
    assert not Event.objects.filter(action="area.update", actor=world.users["owner"]).exists()

    # Saving the page again, having seen Tom's change, is her decision to make.
    again = priya.post(
        url, answers(area, drawn_version(page), name="Clock Tower and Haymarket", buffer_m="500")
    )
    assert again.status_code == 302
    area.refresh_from_db()
    assert (area.name, area.buffer_m, area.version) == ("Clock Tower and Haymarket", 500, 3)


def test_each_save_raises_the_version_and_records_it(world):
    area = services.area_update(
        actor=world.users["owner"], area=world.area, name="Clock Tower", geometry_value=TARGET, version=1
    )
    assert area.version == 2
    event = Event.objects.get(action="area.update")
    assert event.changes["version"] == [1, 2]


def test_the_service_names_the_fields_saved_since(world):
    owner, officer2 = world.users["owner"], world.users["officer2"]
    geometry = world.area.geometry
    services.area_update(
        actor=officer2, area=world.area, name="Clock Tower", geometry_value=geometry, buffer_m=500, version=1
    )
    services.area_update(
        actor=officer2,
        area=world.area,
        name="Clock Tower",
        geometry_value=geometry,
        buffer_m=500,
        tolerance_m=25,
        version=2,
    )
    with pytest.raises(services.EditConflict) as refused:
        services.area_update(actor=owner, area=world.area, name="Renamed", geometry_value=geometry, version=1)
    assert refused.value.changed == ["buffer_m", "tolerance_m"]
    assert refused.value.current["tolerance_m"] == 25 and refused.value.version == 3
    with pytest.raises(services.EditConflict) as refused:
        services.area_update(actor=owner, area=world.area, name="Renamed", geometry_value=geometry, version=2)
    assert refused.value.changed == ["tolerance_m"]


@pytest.mark.parametrize("version", [None, "", "abc", "0", "-1", "1.5"])
def test_a_missing_or_junk_version_is_a_field_error_and_changes_nothing(world, client_for, version):
    data = answers(world.area, version, buffer_m="300")
    if version is None:
        del data["version"]
    response = client_for(world.users["owner"]).post(f"/areas/{world.area.pk}/edit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This page is out of date: open the area again from its page" in page
    assert 'value="300"' in page
    world.area.refresh_from_db()
    assert (world.area.buffer_m, world.area.version) == (200, 1)


def test_the_outline_sent_back_unchanged_is_not_a_change(world, client_for):
    """The form holds the saved outline; rounding may start its ring at another corner, which
    is no change for a later save's conflict to name."""
    area = world.area
    saved = area.geometry
    client = client_for(world.users["owner"])
    assert client.post(f"/areas/{area.pk}/edit/", answers(area, "1", buffer_m="300")).status_code == 302
    event = Event.objects.get(action="area.update")
    assert set(event.changes) == {"buffer_m", "version"}
    area.refresh_from_db()
    assert area.geometry == saved
