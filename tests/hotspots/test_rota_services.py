"""Planning the rota: officers and managers plan police and partner slots in an area with an open
plan; a partner lead confirms its own organisation's and nothing else; every change audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import Event
from hotspots import rota_services
from hotspots.models import Area
from hotspots.rota_models import RotaPattern, RotaSlot
from partners.refusals import Refused
from tests.world import SQUARE

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


def plan(world, actor="owner", organisation=None, **overrides):
    values = {**JULY, **overrides}
    return rota_services.rota_pattern_create(
        actor=world.users[actor],
        area=world.area,
        organisation=organisation or org(world.users["partner_on"]),
        **values,
    )


def test_officer_plans_a_partner_pattern_and_its_slots_are_rows(world):
    pattern = plan(world)
    # Fridays 3, 10, 17, 24, 31 and Saturdays 4, 11, 18, 25 July 2026.
    slots = list(RotaSlot.objects.filter(pattern=pattern).order_by("starts_at"))
    assert [s.date.day for s in slots] == [3, 4, 10, 11, 17, 18, 24, 25, 31]
    assert all(s.organisation_id == pattern.organisation_id and s.area_id == world.area.pk for s in slots)
    event = Event.objects.get(action="rota.create")
    assert event.actor_id == world.users["owner"].pk


def test_manager_plans_a_police_pattern(world):
    pattern = plan(world, actor="manager", organisation=org(world.users["owner"]))
    assert pattern.slots.count() == 9


@pytest.mark.parametrize("persona", ["partner_on", "partner_off"])
def test_partner_leads_cannot_plan(world, persona):
    with pytest.raises(Refused):
        plan(world, actor=persona)
    assert not RotaPattern.objects.exists()
    assert Event.objects.filter(action="rota.create.refused").count() == 1


def test_an_area_without_an_open_plan_has_no_rota(world):
    bare = Area.objects.create(name="Nowhere", geometry=SQUARE)
    with pytest.raises(ValidationError) as error:
        rota_services.rota_pattern_create(
            actor=world.users["owner"], area=bare, organisation=org(world.users["owner"]), **JULY
        )
    assert "no open plan" in str(error.value)


def test_a_partner_not_on_the_areas_plan_cannot_be_given_slots(world):
    with pytest.raises(ValidationError) as error:
        plan(world, organisation=org(world.users["partner_off"]))
    assert "not a partner" in str(error.value)
    assert not RotaPattern.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [7]}, "weekdays"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 24 * 60 + 1}, "minutes"),
        ({"staff_count": 0}, "staff_count"),
        ({"last_date": D(2026, 7, 2)}, "last_date"),
        ({"last_date": D(2028, 7, 31)}, "last_date"),
    ],
)
def test_bad_patterns_are_refused_whole(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        plan(world, **overrides)
    assert field in error.value.message_dict
    assert not RotaPattern.objects.exists() and not RotaSlot.objects.exists()


def test_changing_a_pattern_expands_again_and_clears_its_confirmation(world):
    pattern = plan(world)
    rota_services.rota_pattern_confirm(actor=world.users["partner_on"], pattern=pattern)
    pattern = rota_services.rota_pattern_update(actor=world.users["manager"], pattern=pattern, weekdays=[5])
    assert pattern.confirmed_by is None
    assert [s.date.day for s in pattern.slots.order_by("date")] == [4, 11, 18, 25]
    event = Event.objects.get(action="rota.update")
    assert event.changes["weekdays"] == [[4, 5], [5]]
    assert "confirmed_by" in event.changes


def test_an_exception_cancels_or_moves_one_date(world):
    pattern = plan(world)
    rota_services.rota_exception_add(
        actor=world.users["owner"], pattern=pattern, date=D(2026, 7, 10), kind="cancelled"
    )
    rota_services.rota_exception_add(
        actor=world.users["owner"],
        pattern=pattern,
        date=D(2026, 7, 11),
        kind="moved",
        moved_to_date=D(2026, 7, 12),
        moved_to_time=T(20, 0),
    )
    days = [(s.date.day, s.start_time, s.moved) for s in pattern.slots.order_by("starts_at")]
    assert (10, T(22, 0), False) not in days and (11, T(22, 0), False) not in days
    assert (12, T(20, 0), True) in days
    assert len(days) == 8
    # Changing the pattern later keeps the exceptions.
    rota_services.rota_pattern_update(actor=world.users["owner"], pattern=pattern, staff_count=3)
    assert pattern.slots.count() == 8


def test_an_exception_on_a_date_without_a_slot_is_refused(world):
    pattern = plan(world)
    with pytest.raises(ValidationError):
        rota_services.rota_exception_add(
            actor=world.users["owner"], pattern=pattern, date=D(2026, 7, 8), kind="cancelled"
        )
    rota_services.rota_exception_add(
        actor=world.users["owner"], pattern=pattern, date=D(2026, 7, 10), kind="cancelled"
    )
    with pytest.raises(ValidationError):
        rota_services.rota_exception_add(
            actor=world.users["owner"], pattern=pattern, date=D(2026, 7, 10), kind="cancelled"
        )


def test_partner_leads_cannot_change_cancel_or_remove(world):
    pattern = plan(world)
    lead = world.users["partner_on"]
    with pytest.raises(Refused):
        rota_services.rota_pattern_update(actor=lead, pattern=pattern, minutes=60)
    with pytest.raises(Refused):
        rota_services.rota_exception_add(actor=lead, pattern=pattern, date=D(2026, 7, 10), kind="cancelled")
    with pytest.raises(Refused):
        rota_services.rota_pattern_delete(actor=lead, pattern=pattern, reason="no")
    assert pattern.slots.count() == 9


def test_only_the_patterns_own_partner_lead_confirms(world):
    pattern = plan(world)
    for persona in ["partner_off", "owner", "manager"]:
        with pytest.raises(Refused):
            rota_services.rota_pattern_confirm(actor=world.users[persona], pattern=pattern)
    rota_services.rota_pattern_confirm(actor=world.users["partner_on"], pattern=pattern)
    pattern.refresh_from_db()
    assert pattern.confirmed_by == world.users["partner_on"] and pattern.confirmed_at is not None


def test_removing_a_pattern_needs_a_reason_and_takes_its_slots(world):
    pattern = plan(world)
    with pytest.raises(ValidationError):
        rota_services.rota_pattern_delete(actor=world.users["owner"], pattern=pattern, reason=" ")
    rota_services.rota_pattern_delete(actor=world.users["owner"], pattern=pattern, reason="Entered twice")
    assert not RotaSlot.objects.exists()
    event = Event.objects.get(action="rota.delete")
    assert event.reason == "Entered twice"
    assert event.changes["minutes"] == [240, None]


def test_a_slot_moves_within_its_week_only(world):
    pattern = plan(world)
    with pytest.raises(ValidationError) as error:
        rota_services.rota_exception_add(
            actor=world.users["owner"],
            pattern=pattern,
            date=D(2026, 7, 10),
            kind="moved",
            moved_to_date=D(2026, 7, 17),
            moved_to_time=T(20, 0),
        )
    assert "at most 6 days" in str(error.value)
    assert pattern.slots.count() == 9 and not pattern.exceptions.exists()
