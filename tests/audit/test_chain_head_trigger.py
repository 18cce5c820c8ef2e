"""The database moves the chain head on every insert; log_event sends one statement.

It locks the head, links the event to it (the database computes the hash's link) and inserts
it in one INSERT; an event naming personal values reads the head first (it seals against it).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import ChainHead, Event
from audit.services import log_event

pytestmark = pytest.mark.django_db


def head():
    return ChainHead.objects.values_list("last_sequence", "last_hash").get(pk=1)


def test_log_event_links_and_inserts_the_event_in_one_statement(officer):
    first = log_event(action="plan.update", actor=officer, reason="Review")
    with CaptureQueriesContext(connection) as queries:
        second = log_event(action="plan.update", actor=officer, reason="Review")
    assert head() == (second.sequence, second.hash)
    assert second.sequence == first.sequence + 1 and second.prev_hash == first.hash
    assert [q["sql"].split()[0].upper() for q in queries.captured_queries] == ["WITH"]
    # The link the database computed is the one Python computes and verify_audit checks.
    stored = Event.objects.get(pk=second.pk)
    assert stored.compute_hash() == stored.hash == second.hash


def test_an_event_with_personal_values_reads_the_head_first(world):
    with CaptureQueriesContext(connection) as queries:
        event = log_event(
            action="plan.update",
            actor=world.users["owner"],
            plan=world.plan,
            changes={"victim_details": ["a", "b"]},
            personal=["victim_details"],
        )
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    # The head first, then the sealed values and the event (and the actor's organisation).
    assert statements[0] == "SELECT" and statements.count("INSERT") == 2 and "WITH" not in statements
    assert head() == (event.sequence, event.hash)
    assert Event.objects.get(pk=event.pk).compute_hash() == event.hash


def test_a_bulk_insert_leaves_the_head_on_its_newest_event():
    start = ChainHead.objects.get(pk=1).last_sequence
    Event.objects.bulk_create(
        [
            Event(sequence=start + n, action="plan.update", prev_hash=f"{n - 1}" * 64, hash=f"{n}" * 64)
            for n in (1, 2, 3)
        ]
    )
    assert head() == (start + 3, "3" * 64)


def test_an_insert_behind_the_head_does_not_move_it_back(officer):
    event = log_event(action="plan.update", actor=officer, reason="Review")
    ChainHead.objects.filter(pk=1).update(last_sequence=event.sequence + 100, last_hash="f" * 64)
    Event.objects.bulk_create(
        [Event(sequence=event.sequence + 1, action="plan.update", prev_hash=event.hash, hash="e" * 64)]
    )
    assert head() == (event.sequence + 100, "f" * 64)
