"""An outline that cannot be used is refused with what is wrong with it, keeping what was typed:
one too thin to store, one with a point that is not a number, and a paste over the size a form
otherwise takes (Django's DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB)."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils.html import escape

from hotspots.models import Area

from .conftest import CONTROL, TARGET

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "name": "Humberstone Gate",
        "geometry": json.dumps(TARGET),
        "lsoa_codes": "",
        "buffer_m": "200",
        "tolerance_m": "50",
        "control_geometry": json.dumps(CONTROL),
    }
    data.update(overrides)
    return data


def post(user, data, url="/areas/new/"):
    """Posted as a browser posts the area form (it has no file, so no multipart)."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


# A sliver 5 millimetres wide: a real polygon, but at the 1 cm the outline is stored to, no area.
THIN = {
    "type": "Polygon",
    "coordinates": [
        [
            [-1.1360, 52.6340],
            [-1.1320, 52.6340],
            [-1.1320, 52.63400004],
            [-1.1360, 52.63400004],
            [-1.1360, 52.6340],
        ]
    ],
}


def test_an_outline_too_thin_to_store_says_so(world):
    response = post(world.users["owner"], form(geometry=json.dumps(THIN)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "has no coordinates" not in page
    assert "too thin" in page
    assert not Area.objects.filter(name="Humberstone Gate").exists()


def test_a_control_area_too_thin_to_store_says_so(world):
    response = post(world.users["owner"], form(control_geometry=json.dumps(THIN)))
    assert response.status_code == 400
    assert "The control area is too thin" in response.content.decode()


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity"])
def test_a_point_that_is_not_a_number_is_named(world, bad):
    ring = [list(point) for point in TARGET["coordinates"][0]]
    ring[2][1] = "BAD"
    text = json.dumps({"type": "Polygon", "coordinates": [ring]}).replace('"BAD"', bad)
    response = post(world.users["owner"], form(geometry=text))
    assert response.status_code == 400
    page = response.content.decode()
    assert "not closed" not in page
    assert f"{bad} is not a number" in page


def test_a_nan_in_an_outline_given_as_data_is_refused_too():
    from hotspots import geometry

    ring = [list(point) for point in TARGET["coordinates"][0]]
    ring[2][1] = float("nan")
    with pytest.raises(geometry.GeometryError, match="not a number"):
        geometry.parse_polygon({"type": "Polygon", "coordinates": [ring]})


def test_a_paste_over_the_form_size_is_refused_keeping_what_was_typed(world, settings):
    # A real paste can carry a feature's properties: here 2.5 MB of them.
    big = json.dumps({**TARGET, "properties": {"note": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}})
    response = post(world.users["owner"], form(geometry=big, name="Clock Tower west"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The area outline is too long" in page
    assert 'value="Clock Tower west"' in page  # the rest of the form is kept
    assert escape(big[:60]) in page  # and so is the paste
    assert not Area.objects.filter(name="Clock Tower west").exists()


def test_an_edit_with_a_paste_over_the_form_size_keeps_the_form(world, settings):
    area = world.area
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    data = form(geometry=big, name="Renamed", version=area.version, control_geometry="")
    response = post(world.users["owner"], data, url=f"/areas/{area.pk}/edit/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The area outline is too long" in page
    assert 'value="Renamed"' in page


def test_other_forms_keep_the_usual_limit(world, settings):
    big = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = post(world.users["owner"], {"title": big}, url="/plans/new/")
    assert response.status_code == 400
    assert "There is a problem with that request" in response.content.decode()  # the bare 400 page


def test_past_the_area_forms_own_limit_the_body_is_not_read(world, settings, monkeypatch):
    from hotspots import views

    monkeypatch.setattr(views.area_create, "form_max_bytes", settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 5)
    big = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = post(world.users["owner"], form(geometry=big))
    assert response.status_code == 400
    assert "There is a problem with that request" in response.content.decode()
    assert not Area.objects.filter(name="Humberstone Gate").exists()
