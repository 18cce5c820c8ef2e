"""The database moves the chain head on every insert; log_event sends no UPDATE of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import ChainHead, Event
from audit.services import log_event

pytestmark = pytest.mark.django_db


def head():
    return ChainHead.objects.values_list("last_sequence", "last_hash").get(pk=1)


def test_log_event_moves_the_head_with_two_statements(officer):
    first = log_event(action="plan.update", actor=officer, reason="Review")
    with CaptureQueriesContext(connection) as queries:
        second = log_event(action="plan.update", actor=officer, reason="Review")
    assert head() == (second.sequence, second.hash)
    assert second.sequence == first.sequence + 1 and second.prev_hash == first.hash
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert statements == ["SELECT", "INSERT"]


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
