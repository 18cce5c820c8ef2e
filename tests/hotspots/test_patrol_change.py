"""Correcting and removing a logged patrol: the logging organisation only, audited, nothing lost on bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Event
from hotspots import patrol_services
from hotspots.models import Area, PatrolLog
from tests.factories import make_patrol
from tests.world import SQUARE

pytestmark = pytest.mark.django_db


@pytest.fixture
def patrol(world):
    return make_patrol(area=world.area, logged_by=world.users["partner_on"], staff_count=4, engagements=6)


@pytest.fixture
def police_patrol(world):
    return make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=datetime.date(2019, 1, 19),
        start_time=datetime.time(22, 0),
        minutes=20,
        kind=PatrolLog.Kind.FOOT,
    )


def form(patrol, **overrides):
    data = {
        "area": patrol.area_id,
        "date": "2019-01-18",
        "start_time": "23:00",
        "minutes": "15",
        "staff_count": "4",
        "kind": "partner",
        "engagements": "6",
        "arrests": "0",
        "stop_searches": "0",
        "asb_powers": "0",
        "note": "Corrected: 15 minutes, not 45",
        "version": str(patrol.version),
    }
    data.update(overrides)
    return data


def test_the_logging_organisation_corrects_its_patrol(world, client_for, patrol):
    client = client_for(world.users["partner_on"])
    page = client.get(f"/areas/patrols/{patrol.pk}/edit/").content.decode()
    assert "Change a patrol" in page and 'value="45"' in page
    response = client.post(f"/areas/patrols/{patrol.pk}/edit/", form(patrol))
    assert response.status_code == 302 and response["Location"] == "/areas/patrols/"
    patrol.refresh_from_db()
    assert (patrol.minutes, patrol.note) == (15, "Corrected: 15 minutes, not 45")
    event = Event.objects.get(action="patrol.update")
    assert event.actor == world.users["partner_on"] and event.target_id == str(patrol.pk)
    assert event.changes["minutes"] == [45, 15]
    assert "staff_count" not in event.changes  # only what changed


def test_bad_input_gets_a_clear_error_and_changes_nothing(world, client_for, patrol):
    response = client_for(world.users["partner_on"]).post(
        f"/areas/patrols/{patrol.pk}/edit/", form(patrol, minutes="0")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Corrected: 15 minutes, not 45" in page
    patrol.refresh_from_db()
    assert patrol.minutes == 45
    assert not Event.objects.filter(action="patrol.update").exists()


def test_a_partner_cannot_move_its_patrol_outside_its_plans_areas(world, client_for, patrol):
    other = Area.objects.create(name="Gallowtree Gate", geometry=SQUARE)
    response = client_for(world.users["partner_on"]).post(
        f"/areas/patrols/{patrol.pk}/edit/", form(patrol, area=other.pk)
    )
    assert response.status_code == 400
    assert "Choose an area from the list" in response.content.decode()
    with pytest.raises(PermissionDenied, match="no plan in this area"):
        patrol_services.patrol_update(actor=world.users["partner_on"], patrol=patrol, area=other)
    patrol.refresh_from_db()
    assert patrol.area == world.area


@pytest.mark.parametrize("persona", ["owner", "manager"])
def test_police_see_a_partner_patrol_but_do_not_change_it(world, client_for, patrol, persona):
    client = client_for(world.users[persona])
    assert client.get(f"/areas/patrols/{patrol.pk}/edit/").status_code == 403
    assert client.post(f"/areas/patrols/{patrol.pk}/remove/", {"reason": "Mine now"}).status_code == 403
    assert PatrolLog.objects.filter(pk=patrol.pk, minutes=45).exists()
    with pytest.raises(PermissionDenied):
        patrol_services.patrol_update(actor=world.users[persona], patrol=patrol, minutes=1)
    assert Event.objects.filter(action="patrol.update.refused", actor=world.users[persona]).exists()


def test_another_partner_does_not_even_see_it(world, client_for, patrol):
    client = client_for(world.users["partner_off"])
    assert client.get(f"/areas/patrols/{patrol.pk}/edit/").status_code == 404
    assert client.get(f"/areas/patrols/{patrol.pk}/remove/").status_code == 404


def test_an_officer_corrects_a_patrol_another_officer_logged(world, police_org, police_patrol):
    patrol = patrol_services.patrol_update(actor=world.users["officer2"], patrol=police_patrol, minutes=12)
    assert patrol.minutes == 12 and patrol.organisation == police_org


def test_removing_needs_a_reason_and_is_recorded(world, client_for, patrol):
    client = client_for(world.users["partner_on"])
    url = f"/areas/patrols/{patrol.pk}/remove/"
    assert "Remove this patrol?" in client.get(url).content.decode()
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "Give the reason for removing this patrol" in response.content.decode()
    assert PatrolLog.objects.filter(pk=patrol.pk).exists()
    response = client.post(url, {"reason": "Logged twice"})
    assert response.status_code == 302
    assert not PatrolLog.objects.filter(pk=patrol.pk).exists()
    event = Event.objects.get(action="patrol.delete")
    assert event.reason == "Logged twice" and event.target_id == str(patrol.pk)
    assert event.changes["minutes"] == [45, None]
    assert event.changes["organisation"] == ["Street Pastors", None]
    with pytest.raises(ValueError, match="reason"):
        patrol_services.patrol_delete(actor=world.users["partner_on"], patrol=patrol, reason="")


def test_the_list_offers_change_and_remove_only_on_the_users_own_patrols(
    world, client_for, patrol, police_patrol
):
    officer_page = client_for(world.users["officer2"]).get("/areas/patrols/").content.decode()
    assert f"/areas/patrols/{police_patrol.pk}/edit/" in officer_page
    assert f"/areas/patrols/{patrol.pk}/edit/" not in officer_page
    partner_page = client_for(world.users["partner_on"]).get("/areas/patrols/").content.decode()
    assert f"/areas/patrols/{patrol.pk}/remove/" in partner_page
    manager_page = client_for(world.users["manager"]).get("/areas/patrols/").content.decode()
    assert "/edit/" not in manager_page and "/remove/" not in manager_page


def test_an_unknown_field_is_refused():
    with pytest.raises(TypeError, match="organisation"):
        patrol_services.patrol_update(actor=None, patrol=PatrolLog(), organisation=None)
