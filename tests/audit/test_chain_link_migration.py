"""Migration 0007 hashes the events already written again, under the linked definition."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit import integrity, triggers
from audit.canonical import GENESIS_HASH
from audit.models import ChainHead, Event

pytestmark = pytest.mark.django_db(transaction=True)

migration = importlib.import_module("audit.migrations.0007_chain_link")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def _forward():
    """Every app back to its latest migration. Going back to audit 0006 also unapplies the
    migrations of other apps that depend on audit 0007 (plans 0008 does): migrating forward to
    audit 0007 alone left them out for every later test on the worker."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


# The migration's one operation, run as the executor runs it (in a schema editor's transaction)
# but without unapplying and reapplying every later migration of every app, which made this file
# the slowest of the suite. 0007 changes no schema, so the tables are those it ran against.
# The first test goes through the executor and the whole migration graph.
OPERATION = migration.Migration.operations[0]


def _link():
    """0007 forwards: events hashed the old way are hashed again under the linked definition."""
    with connection.schema_editor(atomic=True) as editor:
        OPERATION.code(django_apps, editor)


def _unlink():
    """0007 backwards: the linked hashes become the old whole-content ones again."""
    with connection.schema_editor(atomic=True) as editor:
        OPERATION.reverse_code(django_apps, editor)


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
        _forward()
    assert integrity.verify_chain().count == 5
    log_event(action="plan.view", actor=officer)
    assert integrity.verify_chain().count == 6


def _rehashed_old_chain(count: int) -> list[str]:
    """An old chain migrated to the linked definition; its hashes as the old code wrote them."""
    _old_chain(count)
    old = list(Event.objects.order_by("sequence").values_list("hash", flat=True))
    _link()
    return old


def test_going_back_restores_the_old_definition():
    old = _rehashed_old_chain(3)
    assert integrity.verify_chain().count == 3
    assert list(Event.objects.order_by("sequence").values_list("hash", flat=True)) != old
    _unlink()
    # Back under the old definition, the hashes are the ones the old code wrote.
    assert list(Event.objects.order_by("sequence").values_list("hash", flat=True)) == old
    _link()
    assert integrity.verify_chain().count == 3


def _tamper(sequence: int, **values) -> None:
    """What someone with full database rights could do: change an event behind the triggers."""
    assignments = ", ".join(f"{name} = %s" for name in values)
    triggers.remove(connection)
    try:
        with connection.cursor() as cursor:
            sql = f"UPDATE audit_event SET {assignments} WHERE sequence = %s"  # noqa: S608 (the test's own names)
            cursor.execute(sql, [*values.values(), sequence])
    finally:
        triggers.install(connection)


@pytest.mark.parametrize(
    "tampering",
    [
        {"reason": "covered up"},  # content changed
        {"prev_hash": "e" * 64, "hash": "f" * 64},  # a link broken
    ],
)
def test_a_chain_that_does_not_verify_is_not_rehashed_into_one_that_does(tampering):
    # Rewriting it under the new definition would hide the change: the migration refuses.
    _old_chain(5)
    _tamper(3, **tampering)
    before = list(Event.objects.order_by("sequence").values_list("prev_hash", "hash"))
    with pytest.raises(integrity.ChainBroken, match="#3"):
        _link()
    assert list(Event.objects.order_by("sequence").values_list("prev_hash", "hash")) == before
    _drop_old_chain()


def test_going_back_refuses_a_chain_that_does_not_verify_either():
    _rehashed_old_chain(3)
    _tamper(2, reason="covered up")
    before = list(Event.objects.order_by("sequence").values_list("prev_hash", "hash"))
    with pytest.raises(integrity.ChainBroken, match="#2"):
        _unlink()
    assert list(Event.objects.order_by("sequence").values_list("prev_hash", "hash")) == before
    _drop_old_chain()


def test_a_head_that_does_not_record_the_newest_event_is_refused():
    _old_chain(3)
    ChainHead.objects.filter(pk=1).update(last_sequence=2)
    with pytest.raises(integrity.ChainBroken, match="head"):
        _link()
    _drop_old_chain()


class ReadsElsewhere:
    """A router that sends reads to a replica: the migration must still read what it rewrites."""

    def db_for_read(self, model, **hints):
        return "replica"


def test_the_migration_reads_the_database_it_migrates_not_a_read_replica(settings):
    old = _rehashed_old_chain(3)
    settings.DATABASE_ROUTERS = [f"{__name__}.ReadsElsewhere"]
    try:
        _unlink()
        assert list(Event.objects.using("default").order_by("sequence").values_list("hash", flat=True)) == old
        _link()
    finally:
        settings.DATABASE_ROUTERS = []
    assert integrity.verify_chain().count == 3


def _drop_old_chain() -> None:
    """Empty the event table behind the triggers (the transactional test's flush would anyway)."""
    triggers.remove(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_event")
    finally:
        triggers.install(connection)
    ChainHead.objects.filter(pk=1).update(last_sequence=0, last_hash=GENESIS_HASH)
