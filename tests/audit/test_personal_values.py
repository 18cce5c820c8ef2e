"""Police-only personal values are sealed out of the hash chain, read back for police, and erasable."""

import json

import pytest
from django.urls import reverse

from audit import integrity, personal
from audit.models import Event, PersonalValue
from plans import comment_services, services
from plans.models import Stage
from plans.timeline import plan_timeline

pytestmark = pytest.mark.django_db

VICTIM = "NEW-VICTIM Alice Example, 31, Belgrave Gate"


def _edit_victim(world, text=VICTIM):
    plan = world.plan
    plan.refresh_from_db()
    services.plan_update(
        actor=world.users["owner"],
        plan=plan,
        section="analyse",
        data={"victim_details": text},
        version=plan.version,
    )
    return Event.objects.filter(plan_id=plan.pk, action="plan.update").latest("sequence")


def _raw(event) -> str:
    return json.dumps(event.changes)


def test_an_edit_of_a_police_only_field_keeps_neither_value_in_the_event(world):
    event = _edit_victim(world)
    old, new = event.changes["victim_details"]
    assert personal.is_reference(old) and personal.is_reference(new)
    assert "Jane Doe" not in _raw(event) and "Alice" not in _raw(event)
    held = PersonalValue.objects.get(pk=new["personal"])
    assert (held.value, held.sequence, held.plan_id) == (VICTIM, event.sequence, world.plan.pk)
    assert personal.digest(held.salt, held.value) == new["sha256"]
    # The other changes of the same event stay as they were.
    assert event.changes["version"][1] == event.changes["version"][0] + 1


def test_emptying_a_field_seals_only_the_value_that_was_there(world):
    event = _edit_victim(world, "")
    old, new = event.changes["victim_details"]
    assert personal.is_reference(old) and new == ""


def test_police_read_the_values_back_on_the_plan_timeline_and_partners_never_get_the_event(world):
    event = _edit_victim(world)
    shown = next(e for e in plan_timeline(plan=world.plan, user=world.users["manager"]) if e.pk == event.pk)
    assert shown.changes["victim_details"] == [
        "POLICE-ONLY-VICTIM Jane Doe, 23, Highcross Street",
        VICTIM,
    ]
    assert event.pk not in [e.pk for e in plan_timeline(plan=world.plan, user=world.users["partner_on"])]


def test_the_audit_search_and_its_csv_show_the_values_to_a_manager(world, client_for):
    _edit_victim(world)
    browser = client_for(world.users["manager"])
    page = browser.get(reverse("audit:search"), {"action": "plan.update"})
    assert VICTIM in page.content.decode()
    response = browser.post(
        reverse("audit:export") + "?action=plan.update",
        {"purpose": "Professional standards review", "recipient": "PSD"},
    )
    assert response.status_code == 200, response.content[:500]
    text = b"".join(response.streaming_content).decode()
    assert VICTIM in text
    assert "sha256" not in text


def test_a_police_only_comment_is_sealed_and_a_shared_one_is_not(world):
    owner = world.users["owner"]
    comment_services.comment_add(actor=owner, plan=world.plan, body="SECRET informant Bob", police_only=True)
    comment_services.comment_add(actor=owner, plan=world.plan, body="Rank marshals start Friday")
    police, shared = Event.objects.filter(action="comment.add").order_by("-sequence")[:2][::-1]
    assert personal.is_reference(police.changes["body"][1]) and "Bob" not in _raw(police)
    assert shared.changes["body"] == [None, "Rank marshals start Friday"]


def test_the_chain_verifies_with_sealed_values(world):
    _edit_victim(world)
    assert integrity.verify_chain().count == Event.objects.count()


def test_a_changed_value_breaks_verification(world):
    event = _edit_victim(world)
    value_id = event.changes["victim_details"][1]["personal"]
    PersonalValue.objects.filter(pk=value_id).update(value="Someone else")
    with pytest.raises(integrity.ChainBroken, match=rf"Personal value {value_id}.*was changed"):
        integrity.verify_chain()


def test_a_deleted_value_breaks_verification(world):
    event = _edit_victim(world)
    value_id = event.changes["victim_details"][1]["personal"]
    PersonalValue.objects.filter(pk=value_id).delete()
    with pytest.raises(integrity.ChainBroken, match="is missing"):
        integrity.verify_chain()


def test_a_value_erased_without_a_disposal_event_breaks_verification(world):
    event = _edit_victim(world)
    value_id = event.changes["victim_details"][1]["personal"]
    personal.erase([value_id], sequence=event.sequence)
    with pytest.raises(integrity.ChainBroken, match="no disposal event"):
        integrity.verify_chain()


def test_values_erased_by_a_disposal_verify_and_read_as_erased(world):
    from plans import retention_services as retention

    event = _edit_victim(world)
    plan = world.plan
    plan.refresh_from_db()
    from plans.models import Plan

    Plan.objects.filter(pk=plan.pk).update(state=Stage.CLOSED)
    plan.refresh_from_db()
    retention.retention_dispose(actor=world.users["manager"], plan=plan)
    assert integrity.verify_chain().count == Event.objects.count()
    shown = next(e for e in plan_timeline(plan=plan, user=world.users["manager"]) if e.pk == event.pk)
    assert shown.changes["victim_details"] == [personal.ERASED, personal.ERASED]


# verify_audit: what a disposal may erase, and when -----------------------------------------


def _close(plan):
    from plans.models import Plan

    Plan.objects.filter(pk=plan.pk).update(state=Stage.CLOSED)
    plan.refresh_from_db()
    return plan


def test_a_value_moved_to_another_plan_breaks_verification(world):
    """PersonalValue.plan_id is outside the chain: moved, another plan's disposal would erase it."""
    event = _edit_victim(world)
    value_id = event.changes["victim_details"][1]["personal"]
    PersonalValue.objects.filter(pk=value_id).update(plan_id=world.other_plan.pk)
    with pytest.raises(integrity.ChainBroken, match=rf"Personal value {value_id}.*names plan"):
        integrity.verify_chain()


def test_a_value_erased_by_another_plans_disposal_breaks_verification(world):
    from plans import retention_services as retention

    event = _edit_victim(world)
    value_id = event.changes["victim_details"][1]["personal"]
    PersonalValue.objects.filter(pk=value_id).update(plan_id=world.other_plan.pk)
    retention.retention_dispose(actor=world.users["manager"], plan=_close(world.other_plan))
    # Put back as it was: the value is gone, erased by a disposal of the wrong plan.
    PersonalValue.objects.filter(pk=value_id).update(plan_id=world.plan.pk)
    with pytest.raises(integrity.ChainBroken, match=rf"Personal value {value_id}.*another plan"):
        integrity.verify_chain()


def test_a_value_still_held_after_its_erasure_breaks_verification(world):
    """Disposal must leave nothing behind: an erased value that came back is found."""
    from plans import retention_services as retention

    event = _edit_victim(world)
    value_id = event.changes["victim_details"][1]["personal"]
    retention.retention_dispose(actor=world.users["manager"], plan=_close(world.plan))
    PersonalValue.objects.filter(pk=value_id).update(value=VICTIM)
    with pytest.raises(integrity.ChainBroken, match=rf"Personal value {value_id}.*still holds"):
        integrity.verify_chain()


def test_a_disposal_during_the_walk_does_not_look_like_tampering(world, monkeypatch):
    """verify_audit runs on a live system: a disposal committed after the walk read the events."""
    from plans import retention_services as retention

    _edit_victim(world)
    plan = _close(world.plan)
    walk = integrity._rows

    def walk_then_dispose(chunk):
        yield from walk(chunk)
        retention.retention_dispose(actor=world.users["manager"], plan=plan)

    monkeypatch.setattr(integrity, "_rows", walk_then_dispose)
    integrity.verify_chain()
    monkeypatch.undo()
    assert integrity.verify_chain().count == Event.objects.count()


def test_an_erasure_naming_a_disposal_event_that_does_not_exist_breaks_verification(world):
    event = _edit_victim(world)
    value_id = event.changes["victim_details"][1]["personal"]
    personal.erase([value_id], sequence=event.sequence + 10_000)
    with pytest.raises(integrity.ChainBroken, match="no disposal event"):
        integrity.verify_chain()
