import json

import pytest

from audit.models import Event
from hotspots.models import Area

from .conftest import CONTROL, INSIDE, TARGET, month, place

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


@pytest.mark.parametrize("persona", ["owner", "manager"])
def test_officers_and_managers_create_areas_audited(world, client_for, persona):
    user = world.users[persona]
    response = client_for(user).post("/areas/new/", form(created_by=world.users["officer2"].pk))
    area = Area.objects.get(name="Humberstone Gate")
    assert response.status_code == 302 and response["Location"] == f"/areas/{area.pk}/"
    assert area.created_by == user  # posting created_by changes nothing
    assert (area.buffer_m, area.tolerance_m) == (200, 50)
    assert area.min_lon < -1.1360 and area.max_lat > 52.6365
    assert area.control_min_lon == pytest.approx(-1.2110, abs=0.001)
    event = Event.objects.get(action="area.create")
    assert event.actor == user and event.target_id == str(area.pk)
    assert event.changes["buffer_m"] == [None, 200]


def test_an_administrator_creates_areas(admin_user, client_for, db):
    assert client_for(admin_user).post("/areas/new/", form()).status_code == 302


@pytest.mark.parametrize("persona", ["partner_on", "partner_off"])
def test_partner_leads_may_not_create_areas(world, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get("/areas/new/").status_code == 403
    assert client.post("/areas/new/", form()).status_code == 403
    assert not Area.objects.filter(name="Humberstone Gate").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"geometry": "{oops"}, "geometry", "The area is not valid JSON"),
        (
            {
                "geometry": json.dumps(
                    {
                        "type": "Polygon",
                        "coordinates": [
                            [
                                [-1.136, 52.634],
                                [-1.132, 52.636],
                                [-1.132, 52.634],
                                [-1.136, 52.636],
                                [-1.136, 52.634],
                            ]
                        ],
                    }
                )
            },
            "geometry",
            "The area crosses itself",
        ),
        (
            {"geometry": json.dumps({"type": "Point", "coordinates": [-1.1, 52.6]})},
            "geometry",
            "must be a Polygon or MultiPolygon, not Point",
        ),
        (
            {
                "control_geometry": json.dumps(
                    {"type": "Polygon", "coordinates": [[[10, 50], [11, 50], [11, 51], [10, 50]]]}
                )
            },
            "control_geometry",
            "The control area is outside the UK",
        ),
        (
            {"geometry": "", "lsoa_codes": ""},
            "geometry",
            "Draw or paste the area outline, or give its LSOA codes",
        ),
        (
            {"geometry": "", "lsoa_codes": "E01013611, XYZ"},
            "lsoa_codes",
            "&#x27;XYZ&#x27; is not an LSOA code",
        ),
        ({"buffer_m": "-5"}, "buffer_m", "Ensure this value is greater than or equal to 0"),
        ({"name": "Clock Tower"}, "name", "An area with this name already exists"),
    ],
)
def test_bad_input_is_refused_with_what_is_wrong(world, client_for, overrides, field, message):
    response = client_for(world.users["owner"]).post("/areas/new/", form(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not Area.objects.filter(name="Humberstone Gate").exists()
    # What was typed is kept.
    if field != "name":
        assert 'value="Humberstone Gate"' in page


def test_an_area_from_lsoa_codes_is_outlined_from_its_incidents(world, client_for):
    place(INSIDE, month(2019, 1), 3, lsoa="E01013611")
    place((-1.1320, 52.6360), month(2019, 1), 2, lsoa="E01013611")
    place((-1.1340, 52.6345), month(2019, 1), 1, lsoa="E01013611")
    response = client_for(world.users["owner"]).post("/areas/new/", form(geometry="", lsoa_codes="e01013611"))
    assert response.status_code == 302
    area = Area.objects.get(name="Humberstone Gate")
    assert area.lsoa_codes == ["E01013611"]
    assert area.geometry["type"] == "Polygon"


def test_lsoa_codes_without_imported_incidents_are_explained(world, client_for):
    response = client_for(world.users["owner"]).post("/areas/new/", form(geometry="", lsoa_codes="E01013611"))
    assert response.status_code == 400
    assert "No imported incidents have these LSOA codes" in response.content.decode()


def test_the_form_offers_a_map_when_javascript_runs(world, client_for):
    page = client_for(world.users["owner"]).get("/areas/new/").content.decode()
    assert "vendor/leaflet/leaflet.js" in page
    assert 'id="area-map-panel" hidden' in page  # shown only by the script


TOO_LONG = json.dumps(
    {"type": "Polygon", "coordinates": [[[0, 52.6], [-1.1, 52.6], [-1.1, 52.7], [0, 52.6]]]}
).replace("[[[0,", "[[[" + "1" * 5000 + ",", 1)


@pytest.mark.parametrize(
    ("field", "what"), [("geometry", "The area"), ("control_geometry", "The control area")]
)
def test_a_number_of_thousands_of_digits_is_refused_and_the_rest_kept(world, client_for, field, what):
    assert "1" * 5000 in TOO_LONG
    response = client_for(world.users["owner"]).post("/areas/new/", form(**{field: TOO_LONG}))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{what} is not valid GeoJSON: a number is too long" in page
    assert f'href="#id_{field}"' in page
    assert 'value="Humberstone Gate"' in page and 'value="50"' in page
    assert not Area.objects.filter(name="Humberstone Gate").exists()
