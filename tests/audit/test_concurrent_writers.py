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


def _write(kind, officer):
    from audit.services import log_events

    if kind == "one statement":
        log_event(action="plan.view", actor=officer)
    elif kind == "personal":
        log_event(
            action="plan.update",
            actor=officer,
            changes={"victim_details": ["", "A"]},
            personal=["victim_details"],
        )
    else:
        log_events([{"action": "plan.view", "actor": officer}] * 3)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "first, second",
    [
        ("one statement", "one statement"),
        ("personal", "one statement"),
        ("one statement", "personal"),
        ("many", "one statement"),
        ("one statement", "many"),
    ],
)
def test_a_writer_that_waited_for_the_head_links_to_the_event_it_waited_for(officer, first, second):
    """The second writer blocks on the head row the first holds; once the first commits, the
    second's statement reads the head the first left (READ COMMITTED re-reads a locked row)."""
    from django.db import transaction

    holding, release, done, errors = threading.Event(), threading.Event(), threading.Event(), []

    def hold():
        try:
            with transaction.atomic():
                _write(first, officer)
                holding.set()
                release.wait(10)
        except Exception as exc:
            errors.append(exc)
            holding.set()
        finally:
            connection.close()

    def wait():
        try:
            _write(second, officer)
        except Exception as exc:
            errors.append(exc)
        finally:
            done.set()
            connection.close()

    a, b = threading.Thread(target=hold), threading.Thread(target=wait)
    a.start()
    assert holding.wait(10)
    b.start()
    with connection.cursor() as cursor:  # until the second writer waits on the head's row lock
        for _ in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] or done.is_set():
                break
            threading.Event().wait(0.05)
    waited = not done.is_set()
    release.set()
    a.join()
    b.join()
    assert errors == []
    assert waited, "the second writer did not wait for the head"
    result = integrity.verify_chain()
    assert result.count == Event.objects.count()
    assert list(Event.objects.values_list("sequence", flat=True)) == list(range(1, result.count + 1))
