"""The API's area says which Dc its figures count, and gives the drawn one's outline."""

import pytest
from django.urls import reverse

from hotspots import geometry, services
from hotspots.models import Area
from tests.hotspots.conftest import CONTROL, TARGET
from tests.hotspots.test_displacement_control_area import DRAWN_DC

pytestmark = pytest.mark.django_db


def test_the_api_area_gives_its_dc(world, call):
    values = services._prepare_area(
        geometry_value=TARGET,
        lsoa_codes=[],
        buffer_m=150,
        tolerance_m=0,
        control_geometry=CONTROL,
        displacement_control_geometry=DRAWN_DC,
    )
    drawn = Area.objects.create(name="Drawn", **values)
    data = call("police", "get", reverse("api:area_detail", args=[drawn.pk])).json()
    assert geometry.same_outline(data["displacement_control_geometry"], DRAWN_DC)
    assert data["displacement_control"] == "The area drawn for it"
    values.update(displacement_control_geometry=None)
    ring = Area.objects.create(name="Ring", **values)
    data = call("police", "get", reverse("api:area_detail", args=[ring.pk])).json()
    assert data["displacement_control_geometry"] is None
    assert data["displacement_control"] == "The ring of 150 m around the control area"
    none = call("police", "get", reverse("api:area_detail", args=[world.area.pk])).json()
    assert none["displacement_control"] == "None: there is no control area"
