"""Concurrent writers queue on the chain head: one unbroken chain, never a fork."""

import threading

import pytest
from django.db import connection

from audit import integrity
from audit.models import ChainHead, Event
from audit.services import log_event

THREADS = 8
EACH = 200


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_eight_threads_writing_two_hundred_events_each_make_one_chain(officer):
    start = threading.Barrier(THREADS)
    errors = []

    def write(n):
        try:
            start.wait()
            for i in range(EACH):
                log_event(action="plan.view", actor=officer, changes={"thread": [None, n], "i": [None, i]})
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Event.objects.count() == THREADS * EACH
    assert list(Event.objects.values_list("sequence", flat=True)) == list(range(1, THREADS * EACH + 1))
    result = integrity.verify_chain()
    assert result.count == THREADS * EACH


@pytest.mark.django_db(transaction=True)
def test_the_first_writer_creates_a_missing_head(officer):
    # A flushed database has no head row; the first event creates it.
    ChainHead.objects.all().delete()
    event = log_event(action="plan.view", actor=officer)
    assert event.sequence == 1
    assert integrity.verify_chain().count == 1
