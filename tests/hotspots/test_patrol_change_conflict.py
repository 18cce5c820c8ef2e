"""Two people correcting the same patrol: the later save of an older page is refused, never
silently putting back what the first changed; what the second typed is kept."""

import datetime
import re

import pytest
from django.test import Client

from audit.models import Event
from hotspots import patrol_services, services
from hotspots.models import PatrolLog
from tests.factories import make_patrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def patrol(world):
    """A police patrol: either officer may correct it."""
    return make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=datetime.date(2019, 1, 19),
        start_time=datetime.time(22, 0),
        minutes=20,
        staff_count=2,
        kind=PatrolLog.Kind.FOOT,
    )


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def drawn_version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def answers(patrol, version, **overrides):
    data = {
        "area": patrol.area_id,
        "date": "2019-01-19",
        "start_time": "22:00",
        "minutes": "20",
        "staff_count": "2",
        "kind": "foot",
        "engagements": "0",
        "arrests": "0",
        "stop_searches": "0",
        "asb_powers": "0",
        "note": "",
        "version": version,
    }
    data.update(overrides)
    return data


def test_the_form_carries_the_version_it_was_drawn_from(world, client_for, patrol):
    page = client_for(world.users["owner"]).get(f"/areas/patrols/{patrol.pk}/edit/").content.decode()
    assert 'type="hidden" name="version" value="1"' in page
    assert 'for="id_version"' not in page  # hidden: no label


def test_a_stale_save_is_refused_and_the_first_save_survives(world, patrol):
    priya, tom = browser(world.users["owner"]), browser(world.users["officer2"])
    url = f"/areas/patrols/{patrol.pk}/edit/"
    priyas_version = drawn_version(priya.get(url).content.decode())
    toms_version = drawn_version(tom.get(url).content.decode())

    assert tom.post(url, answers(patrol, toms_version, staff_count="5")).status_code == 302
    patrol.refresh_from_db()
    assert (patrol.staff_count, patrol.version) == (5, 2)

    stale = priya.post(url, answers(patrol, priyas_version, note="Two arrests at the taxi rank"))
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else saved this patrol after you opened it" in page
    conflict = page[page.index("govuk-summary-list") : page.index("Check your changes")]
    assert "Number of staff" in conflict and ">5<" in conflict
    assert "Note" not in conflict  # only what Tom changed
    assert "Two arrests at the taxi rank" in page  # what Priya typed is kept
    assert "Logged by" in page and drawn_version(page) == "2"
    patrol.refresh_from_db()
    assert (patrol.staff_count, patrol.note, patrol.version) == (5, "", 2)
    assert not Event.objects.filter(action="patrol.update", actor=world.users["owner"]).exists()

    again = priya.post(
        url, answers(patrol, drawn_version(page), staff_count="5", note="Two arrests at the taxi rank")
    )
    assert again.status_code == 302
    patrol.refresh_from_db()
    assert (patrol.staff_count, patrol.note, patrol.version) == (5, "Two arrests at the taxi rank", 3)
    event = Event.objects.get(action="patrol.update", actor=world.users["owner"])
    assert event.changes["version"] == [2, 3] and "staff_count" not in event.changes


def test_the_service_names_the_fields_saved_since(world, patrol):
    patrol_services.patrol_update(actor=world.users["officer2"], patrol=patrol, staff_count=5, version=1)
    with pytest.raises(services.EditConflict) as refused:
        patrol_services.patrol_update(actor=world.users["owner"], patrol=patrol, minutes=30, version=1)
    assert refused.value.changed == ["staff_count"] and refused.value.version == 2
    patrol.refresh_from_db()
    assert (patrol.minutes, patrol.staff_count) == (20, 5)


@pytest.mark.parametrize("version", [None, "", "junk", "0"])
def test_a_missing_or_junk_version_is_a_field_error_and_changes_nothing(world, client_for, patrol, version):
    data = answers(patrol, version, minutes="35")
    if version is None:
        del data["version"]
    response = client_for(world.users["owner"]).post(f"/areas/patrols/{patrol.pk}/edit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This page is out of date: open the patrol again from its page" in page
    assert 'value="35"' in page
    patrol.refresh_from_db()
    assert (patrol.minutes, patrol.version) == (20, 1)
