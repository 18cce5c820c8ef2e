"""Changing and removing a rota pattern and undoing a cancelled or moved date: through the rota
services (versioned edits, one audit event each) and the area's rota page."""

import datetime
import re

import pytest

from audit.edits import EditConflict
from audit.models import Event
from audit.presentation import change_rows
from hotspots import rota_services
from hotspots.rota_models import RotaException, RotaPattern
from partners.refusals import Refused

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
JULY = {
    "weekdays": [4, 5],
    "start_time": T(22, 0),
    "minutes": 240,
    "staff_count": 2,
    "first_date": D(2026, 7, 3),
    "last_date": D(2026, 7, 31),
}


def org(user):
    return user.memberships.get().organisation


@pytest.fixture
def fridays(world):
    """Street Pastors, Fridays and Saturdays in July 2026 at 22:00: nine slots."""
    return rota_services.rota_pattern_create(
        actor=world.users["owner"], area=world.area, organisation=org(world.users["partner_on"]), **JULY
    )


def _form(pattern, **overrides):
    values = {
        "weekdays": [str(d) for d in pattern.weekdays],
        "start_time": f"{pattern.start_time:%H:%M}",
        "minutes": str(pattern.minutes),
        "staff_count": str(pattern.staff_count),
        "first_date": pattern.first_date.isoformat(),
        "last_date": pattern.last_date.isoformat(),
        "version": str(pattern.version),
    }
    return {**values, **overrides}


def _hidden(response, name):
    return re.search(rf'name="{name}" value="([^"]*)"', response.content.decode()).group(1)


# ---------------------------------------------------------------- services


def test_a_change_moves_the_version_on_and_counts_the_slots(world, fridays):
    pattern = rota_services.rota_pattern_update(
        actor=world.users["manager"], pattern=fridays, version=1, weekdays=[5], staff_count=2
    )
    assert pattern.version == 2
    event = Event.objects.get(action="rota.update")
    # Only what changed: the staff were already 2.
    assert event.changes == {"weekdays": [[4, 5], [5]], "version": [1, 2], "slots": [9, 4]}
    rows = change_rows(event.changes, action=event.action, target_type=event.target_type)
    # Sorted: PostgreSQL's jsonb keeps no key order.
    assert sorted((r["field"], r["old"], r["new"]) for r in rows) == [
        ("Days of the week", "Friday and Saturday", "Saturday"),
        ("Slots planned", "9", "4"),
    ]


def test_a_stale_change_is_refused_and_writes_nothing(world, fridays):
    rota_services.rota_pattern_update(actor=world.users["manager"], pattern=fridays, version=1, minutes=180)
    with pytest.raises(EditConflict) as conflict:
        rota_services.rota_pattern_update(actor=world.users["owner"], pattern=fridays, version=1, minutes=120)
    assert conflict.value.changed == ["minutes"] and conflict.value.version == 2
    fridays.refresh_from_db()
    assert fridays.minutes == 180 and fridays.version == 2
    assert Event.objects.filter(action="rota.update").count() == 1


def test_a_change_that_changes_nothing_keeps_the_confirmation(world, fridays):
    rota_services.rota_pattern_confirm(actor=world.users["partner_on"], pattern=fridays)
    pattern = rota_services.rota_pattern_update(
        actor=world.users["owner"], pattern=fridays, version=1, **JULY
    )
    assert pattern.confirmed_by == world.users["partner_on"] and pattern.version == 1
    assert Event.objects.get(action="rota.update").changes == {}


def test_a_bad_change_is_refused_whole(world, fridays):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        rota_services.rota_pattern_update(
            actor=world.users["owner"], pattern=fridays, version=1, weekdays=[], minutes=60
        )
    assert "weekdays" in error.value.message_dict
    fridays.refresh_from_db()
    assert fridays.minutes == 240 and fridays.slots.count() == 9 and fridays.version == 1


def test_undoing_a_cancelled_date_runs_its_slot_again(world, fridays):
    exception = rota_services.rota_exception_add(
        actor=world.users["owner"], pattern=fridays, date=D(2026, 7, 10), kind="cancelled", reason="Fair"
    )
    assert fridays.slots.count() == 8
    with pytest.raises(Refused):
        rota_services.rota_exception_remove(actor=world.users["partner_on"], exception=exception)
    rota_services.rota_exception_remove(actor=world.users["manager"], exception=exception)
    assert fridays.slots.count() == 9 and fridays.slots.filter(date=D(2026, 7, 10)).exists()
    assert not RotaException.objects.exists()
    event = Event.objects.get(action="rota.exception_remove")
    assert event.changes["date"] == ["2026-07-10", None] and event.reason == "Fair"


def test_undoing_a_moved_date_puts_the_slot_back(world, fridays):
    exception = rota_services.rota_exception_add(
        actor=world.users["owner"],
        pattern=fridays,
        date=D(2026, 7, 11),
        kind="moved",
        moved_to_date=D(2026, 7, 12),
        moved_to_time=T(20, 0),
    )
    rota_services.rota_exception_remove(actor=world.users["owner"], exception=exception)
    days = [(s.date.day, s.start_time, s.moved) for s in fridays.slots.order_by("starts_at")]
    assert (11, T(22, 0), False) in days and not any(moved for *_, moved in days)


# ---------------------------------------------------------------- pages


def test_police_see_change_and_remove_and_the_partner_lead_does_not(world, fridays, client_for):
    url = f"/rota/areas/{world.area.pk}/"
    police = client_for(world.users["owner"]).get(url).content.decode()
    assert (
        f"/rota/patterns/{fridays.pk}/change/" in police and f"/rota/patterns/{fridays.pk}/remove/" in police
    )
    partner = client_for(world.users["partner_on"]).get(url).content.decode()
    assert "/change/" not in partner and "/remove/" not in partner
    for path in ("change", "remove"):
        assert (
            client_for(world.users["partner_on"]).get(f"/rota/patterns/{fridays.pk}/{path}/").status_code
            == 403
        )
        assert (
            client_for(world.users["partner_off"]).get(f"/rota/patterns/{fridays.pk}/{path}/").status_code
            == 404
        )


def test_an_officer_changes_a_pattern_from_its_form(world, fridays, client_for):
    client = client_for(world.users["owner"])
    url = f"/rota/patterns/{fridays.pk}/change/"
    form = client.get(url)
    text = form.content.decode()
    assert form.status_code == 200
    assert 'value="22:00"' in text and 'value="240"' in text
    assert "Street Pastors is asked to confirm the changed slots again" in text
    response = client.post(url, _form(fridays, staff_count="3", base=_hidden(form, "base")))
    assert response.status_code == 302
    fridays.refresh_from_db()
    assert fridays.staff_count == 3 and fridays.version == 2
    assert set(fridays.slots.values_list("staff_count", flat=True)) == {3}
    page = client.get(response.url).content.decode()
    assert "asked to confirm it again" in page


def test_a_bad_change_says_what_to_fix_and_keeps_what_was_typed(world, fridays, client_for):
    response = client_for(world.users["owner"]).post(
        f"/rota/patterns/{fridays.pk}/change/", _form(fridays, weekdays=[], minutes="2000", staff_count="7")
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one day of the week" in text and "A slot lasts at most 24 hours" in text
    assert 'value="7"' in text
    fridays.refresh_from_db()
    assert fridays.staff_count == 2


def test_two_people_changing_one_pattern(world, fridays, client_for):
    """The second save is refused with what the first changed; saved again, both changes stand."""
    url = f"/rota/patterns/{fridays.pk}/change/"
    first, second = client_for(world.users["owner"]), client_for(world.users["manager"])
    seen_first, seen_second = first.get(url), second.get(url)
    assert first.post(url, _form(fridays, minutes="180", base=_hidden(seen_first, "base"))).status_code == 302
    refused = second.post(
        url, _form(fridays, weekdays=["4", "5", "6"], version="1", base=_hidden(seen_second, "base"))
    )
    text = refused.content.decode()
    assert refused.status_code == 409
    assert "Someone else changed this rota after you opened it" in text
    assert "Fridays, Saturdays and Sundays" in text  # yours, in words
    assert 'name="minutes" value="180"' in text  # theirs, drawn in the form: saving again keeps it
    fridays.refresh_from_db()
    assert fridays.weekdays == [4, 5] and fridays.minutes == 180
    again = second.post(
        url,
        _form(fridays, weekdays=["4", "5", "6"], minutes="180", version="2", base=_hidden(refused, "base")),
    )
    assert again.status_code == 302
    fridays.refresh_from_db()
    # The manager changed the days only: the officer's 180 minutes stay.
    assert fridays.weekdays == [4, 5, 6] and fridays.minutes == 180 and fridays.version == 3


def test_removing_a_pattern_asks_a_reason(world, fridays, client_for):
    client = client_for(world.users["manager"])
    url = f"/rota/patterns/{fridays.pk}/remove/"
    page = client.get(url).content.decode()
    assert "Its 9 planned slots" in page
    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 400 and "Give the reason for removing this rota" in refused.content.decode()
    assert RotaPattern.objects.exists()
    response = client.post(url, {"reason": "Planned twice"})
    assert response.status_code == 302 and not RotaPattern.objects.exists()
    assert Event.objects.get(action="rota.delete").reason == "Planned twice"


def test_running_a_cancelled_date_as_planned_from_the_rota_page(world, fridays, client_for):
    exception = rota_services.rota_exception_add(
        actor=world.users["owner"], pattern=fridays, date=D(2026, 7, 10), kind="cancelled"
    )
    url = f"/rota/exceptions/{exception.pk}/remove/"
    assert (
        "Run as planned"
        in client_for(world.users["owner"]).get(f"/rota/areas/{world.area.pk}/").content.decode()
    )
    assert (
        "Run as planned"
        not in client_for(world.users["partner_on"]).get(f"/rota/areas/{world.area.pk}/").content.decode()
    )
    assert client_for(world.users["partner_on"]).post(url).status_code == 403
    assert client_for(world.users["partner_off"]).post(url).status_code == 404
    assert RotaException.objects.exists()
    assert client_for(world.users["owner"]).post(url).status_code == 302
    assert not RotaException.objects.exists() and fridays.slots.count() == 9
