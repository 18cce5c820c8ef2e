"""The hash covers exactly what the database stores and gives back, on SQLite and PostgreSQL."""

import datetime

import pytest

from audit import context
from audit.models import Event
from audit.services import log_event
from plans.models import Stage

pytestmark = pytest.mark.django_db

AWKWARD = {
    "title": ["Ünïcode – “quotes” 🚓", "tab\there\nnewline"],
    "minutes": [15, 30.25],
    "whole_float": [1.0, 1e16],
    "tiny": [1.5e-10, -0.0],
    "not_a_number": [float("nan"), float("inf")],
    "big": [2**62, -(2**62)],
    "nested": [{"b": 1, "a": [1, 2, {"z": None, "y": True}]}, None],
    "date": [datetime.date(2026, 4, 1), datetime.datetime(2026, 4, 1, 12, 30, tzinfo=datetime.UTC)],
    "stage": [Stage.SCAN, Stage.ANALYSE],
    "set": [{"b", "a"}, ()],
    7: ["int key", "becomes a string"],
}


def test_awkward_changes_hash_the_same_after_a_round_trip(officer):
    event = log_event(action="plan.update", actor=officer, changes=AWKWARD, reason="Ré-view\x7f")
    stored = Event.objects.get(pk=event.pk)
    assert stored.changes == event.changes
    assert stored.compute_hash() == event.hash


@pytest.mark.parametrize(
    "address", ["203.0.113.9", "2001:0DB8:0000:0000:0000:0000:0000:0001", "::ffff:192.0.2.1", "::1"]
)
def test_addresses_hash_the_same_after_a_round_trip(officer, address):
    token = context.set_current(context.RequestContext(request_id="r" * 64, ip_address=address))
    try:
        event = log_event(action="plan.view", actor=officer)
    finally:
        context.reset(token)
    stored = Event.objects.get(pk=event.pk)
    assert stored.compute_hash() == event.hash
    assert stored.ip_address is not None


def test_an_address_that_is_not_one_is_left_out(officer):
    token = context.set_current(context.RequestContext(ip_address="not-an-address"))
    try:
        event = log_event(action="plan.view", actor=officer)
    finally:
        context.reset(token)
    assert Event.objects.get(pk=event.pk).ip_address is None


def test_time_keeps_its_microseconds(officer):
    event = log_event(action="plan.view", actor=officer)
    stored = Event.objects.get(pk=event.pk)
    assert stored.occurred_at == event.occurred_at
    assert stored.compute_hash() == event.hash


def test_a_whole_second_time_still_verifies(officer):
    # SQLite stores a time with no fraction as "HH:MM:SS": the hash must not care.
    from audit import integrity
    from audit.canonical import GENESIS_HASH
    from audit.models import ChainHead

    exact = datetime.datetime(2026, 11, 25, 9, 0, 0, tzinfo=datetime.UTC)
    event = Event(sequence=1, occurred_at=exact, action="plan.view", actor=officer, prev_hash=GENESIS_HASH)
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    ChainHead.objects.update_or_create(pk=1, defaults={"last_sequence": 1, "last_hash": event.hash})
    stored = Event.objects.get(pk=event.pk)
    assert stored.occurred_at == exact
    assert stored.compute_hash() == event.hash
    assert integrity.verify_chain().count == 1


def test_each_event_links_to_the_one_before(officer):
    first = log_event(action="plan.view", actor=officer)
    second = log_event(action="plan.view", actor=officer)
    assert second.sequence == first.sequence + 1
    assert second.prev_hash == first.hash


def test_the_snapshot_keeps_username_and_organisation(officer):
    event = log_event(action="plan.view", actor=officer)
    officer.username = "renamed"
    officer.save()
    stored = Event.objects.get(pk=event.pk)
    assert stored.actor_username == "officer"
    assert stored.actor_organisation == "Leicestershire Police"
