"""Migration 0007 hashes the events already written again, under the linked definition."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit import integrity
from audit.canonical import GENESIS_HASH
from audit.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

migration = importlib.import_module("audit.migrations.0007_chain_link")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def _old_chain(count: int) -> None:
    """Events as the code before 0007 wrote them: each hash over its whole content."""
    prev = GENESIS_HASH
    start = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    events = []
    for n in range(1, count + 1):
        event = Event(
            sequence=start + n,
            occurred_at=datetime.datetime(2026, 11, 1, 12, n, tzinfo=datetime.UTC),
            action="plan.view",
            actor_username=f"user{n}",
            changes={"n": n},
            prev_hash=prev,
        )
        event.hash = prev = migration._old_hash(event.hashed_values())
        events.append(event)
    Event.objects.bulk_create(events)


def test_the_old_chain_verifies_after_the_migration_and_new_events_link_to_it(officer):
    from audit.services import log_event

    assert not Event.objects.exists()
    _migrate(("audit", "0006_personal_values"))
    try:
        _old_chain(5)
        with pytest.raises(integrity.ChainBroken):  # read with the new definition, before migrating
            integrity.verify_chain()
    finally:
        _migrate(("audit", "0007_chain_link"))
    assert integrity.verify_chain().count == 5
    log_event(action="plan.view", actor=officer)
    assert integrity.verify_chain().count == 6


def test_going_back_restores_the_old_definition():
    _old_chain(3)
    old = list(Event.objects.order_by("sequence").values_list("hash", flat=True))
    _migrate(("audit", "0007_chain_link"))  # already applied: nothing happens
    _migrate(("audit", "0006_personal_values"))
    try:
        # Back under the old definition, the hashes are the ones the old code wrote.
        assert list(Event.objects.order_by("sequence").values_list("hash", flat=True)) == old
    finally:
        _migrate(("audit", "0007_chain_link"))
    assert integrity.verify_chain().count == 3
