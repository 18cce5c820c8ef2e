"""The patrol form asks each organisation only the outcomes that apply to it: arrests and stop and
search are police powers; partners record engagements and the ASB powers their staff hold."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hotspots import patrol_services
from hotspots.models import PatrolLog
from tests.hotspots.test_patrol_create import form

pytestmark = pytest.mark.django_db


def test_an_officer_is_asked_every_outcome(world, client_for):
    page = client_for(world.users["owner"]).get("/areas/patrols/new/").content.decode()
    for label in ("Engagements", "Arrests", "Stop and searches", "ASB powers used"):
        assert label in page
    assert 'type="number" name="arrests"' in page
    assert 'type="number" name="stop_searches"' in page


def test_a_partner_is_not_asked_police_powers(world, client_for):
    page = client_for(world.users["partner_on"]).get("/areas/patrols/new/").content.decode()
    assert "Arrests" not in page and "Stop and searches" not in page
    assert 'type="hidden" name="arrests" value="0"' in page
    assert 'type="number" name="engagements"' in page
    assert "Only powers your staff hold" in page


def test_a_partner_logs_without_police_powers(world, client_for):
    data = form(world)
    response = client_for(world.users["partner_on"]).post("/areas/patrols/new/", data)
    assert response.status_code == 302
    patrol = PatrolLog.objects.get()
    assert (patrol.engagements, patrol.arrests, patrol.stop_searches) == (3, 0, 0)


def test_a_partner_posting_an_arrest_is_refused_and_keeps_what_was_typed(world, client_for):
    response = client_for(world.users["partner_on"]).post("/areas/patrols/new/", form(world, arrests="2"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Street Pastors does not make arrests: only police do" in page
    assert "Quiet until the clubs emptied" in page
    assert not PatrolLog.objects.exists()


def test_the_service_refuses_a_partners_police_power_on_a_correction(world):
    patrol = patrol_services.patrol_log(
        actor=world.users["partner_on"],
        area=world.area,
        date=datetime.date(2019, 1, 18),
        start_time=datetime.time(22, 30),
        minutes=15,
        kind="foot",
    )
    with pytest.raises(ValidationError) as refused:
        patrol_services.patrol_update(actor=world.users["partner_on"], patrol=patrol, stop_searches=1)
    assert refused.value.message_dict == {
        "stop_searches": ["Street Pastors does not make stop and searches: only police do"]
    }
    patrol.refresh_from_db()
    assert patrol.stop_searches == 0


def test_a_partners_correction_form_keeps_the_powers_hidden(world, client_for):
    patrol = patrol_services.patrol_log(
        actor=world.users["partner_on"],
        area=world.area,
        date=datetime.date(2019, 1, 18),
        start_time=datetime.time(22, 30),
        minutes=15,
        kind="foot",
    )
    page = client_for(world.users["partner_on"]).get(f"/areas/patrols/{patrol.pk}/edit/").content.decode()
    assert 'type="hidden" name="stop_searches" value="0"' in page
