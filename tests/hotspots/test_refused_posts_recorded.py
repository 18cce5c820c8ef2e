"""A hotspot page's refused POST is recorded like a service's refusal (`<action>.refused`), when the
user may see what they posted about; a 404 for what they may not see records nothing naming it."""

import json

import pytest

from audit import integrity
from audit.models import Event
from hotspots.models import Area, PatrolLog
from tests.factories import make_patrol
from tests.world import SQUARE

pytestmark = pytest.mark.django_db


def head() -> int:
    return Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def new_events(before: int) -> list[Event]:
    return list(Event.objects.filter(sequence__gt=before).order_by("sequence"))


@pytest.fixture
def pastors_patrol(world):
    return make_patrol(area=world.area, logged_by=world.users["partner_on"])


def _area_form():
    return {
        "name": "Humberstone Gate",
        "geometry": json.dumps(SQUARE),
        "buffer_m": "200",
        "tolerance_m": "50",
    }


def _patrol_form(world):
    return {
        "area": world.area.pk,
        "date": "2019-01-18",
        "start_time": "22:30",
        "minutes": "15",
        "staff_count": "2",
        "kind": "foot",
        "engagements": "0",
        "arrests": "0",
        "stop_searches": "0",
        "asb_powers": "0",
    }


def _sent(client, url, data, before):
    response = client.post(url, data)
    return response.status_code, new_events(before)


@pytest.mark.parametrize("persona", ["partner_on", "partner_off"])
def test_a_partner_asking_to_create_an_area_is_recorded(world, client_for, persona):
    client = client_for(world.users[persona])
    status, [event] = _sent(client, "/areas/new/", _area_form(), head())
    assert status == 403
    assert event.action == "area.create.refused" and event.actor == world.users[persona]
    assert event.reason == "Only officers, managers and administrators add, change or remove areas."
    assert not Area.objects.filter(name="Humberstone Gate").exists()
    integrity.verify_chain()


def test_a_manager_logging_a_patrol_is_recorded(world, client_for):
    client = client_for(world.users["manager"])
    status, [event] = _sent(client, "/areas/patrols/new/", _patrol_form(world), head())
    assert status == 403
    assert event.action == "patrol.log.refused" and event.actor == world.users["manager"]
    assert not PatrolLog.objects.exists()


@pytest.mark.parametrize(
    ("path", "data", "action"),
    [("edit", None, "patrol.update.refused"), ("remove", {"reason": "Mine now"}, "patrol.delete.refused")],
)
@pytest.mark.parametrize("persona", ["owner", "manager"])
def test_police_changing_a_partners_patrol_is_recorded_with_the_patrol(
    world, client_for, pastors_patrol, persona, path, data, action
):
    pastors_patrol.plan = world.plan
    pastors_patrol.save()
    client = client_for(world.users[persona])
    status, [event] = _sent(
        client, f"/areas/patrols/{pastors_patrol.pk}/{path}/", data or _patrol_form(world), head()
    )
    assert status == 403
    assert event.action == action and event.actor == world.users[persona]
    assert (event.target_type, event.target_id) == ("hotspots.patrollog", str(pastors_patrol.pk))
    assert event.plan_id == world.plan.pk
    assert PatrolLog.objects.filter(pk=pastors_patrol.pk, minutes=45).exists()
    integrity.verify_chain()


@pytest.mark.parametrize("path", ["edit", "remove"])
def test_another_partners_post_about_a_patrol_it_cannot_see_is_a_plain_404(
    world, client_for, pastors_patrol, path
):
    client = client_for(world.users["partner_off"])
    status, events = _sent(client, f"/areas/patrols/{pastors_patrol.pk}/{path}/", {"reason": "x"}, head())
    assert status == 404 and events == []


@pytest.mark.parametrize("path", ["edit", "remove"])
def test_a_partners_post_about_an_area_it_cannot_see_is_a_plain_404(world, client_for, path):
    client = client_for(world.users["partner_on"])
    status, events = _sent(client, f"/areas/{world.area.pk}/{path}/", {**_area_form(), "reason": "x"}, head())
    assert status == 404 and events == []


@pytest.mark.parametrize("persona", ["owner", "partner_on"])
def test_importing_without_being_an_administrator_is_recorded(world, client_for, persona):
    client = client_for(world.users[persona])
    status, [event] = _sent(client, "/areas/import/", {}, head())
    assert status == 403
    assert event.action == "incidents.import.refused" and event.actor == world.users[persona]


def test_a_refused_get_shows_no_form_and_records_nothing(world, client_for, pastors_patrol):
    before = head()
    assert client_for(world.users["manager"]).get("/areas/patrols/new/").status_code == 403
    assert (
        client_for(world.users["owner"]).get(f"/areas/patrols/{pastors_patrol.pk}/edit/").status_code == 403
    )
    assert client_for(world.users["partner_on"]).get("/areas/new/").status_code == 403
    assert [e.action for e in new_events(before) if e.action != "auth.login"] == []
