"""On PostgreSQL the audit append is a prepared statement: planned once per connection.

Django's own cursors bind on the client and are never prepared; only the append's cursor binds
on the server. A deployment behind a pooler that cannot keep prepared statements turns it off
(AUDIT_PREPARED_APPEND), and a connection whose OPTIONS choose binding or a prepare threshold
is left as configured.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from audit.integrity import verify_chain
from audit.services import _append_cursor, log_event

pytestmark = pytest.mark.django_db


def prepared_appends() -> tuple[int, int]:
    """How many prepared forms of the append this connection holds, and how often they ran."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements "
            "WHERE statement LIKE %s AND NOT from_sql",
            ["%INSERT INTO audit_event%"],
        )
        return cursor.fetchone()


@pytest.mark.postgres_only
@override_settings(AUDIT_PREPARED_APPEND=True)
def test_the_append_is_prepared_once_and_its_events_verify(officer):
    statements, runs = prepared_appends()
    events = [log_event(action="plan.view", actor=officer, reason=f"Look {n}") for n in range(4)]
    after_statements, after_runs = prepared_appends()
    # Prepared by its second run on this connection at the latest, and once: an earlier test
    # on this connection may have prepared it already.
    assert after_statements - statements <= 1 and after_statements >= 1
    assert after_runs - runs >= 3
    assert [e.sequence for e in events] == list(range(events[0].sequence, events[0].sequence + 4))
    assert verify_chain().count >= 4  # raises ChainBroken if any link is wrong


@pytest.mark.postgres_only
def test_the_append_is_counted_and_logged_like_any_query(officer):
    log_event(action="plan.view", actor=officer)
    with CaptureQueriesContext(connection) as queries:
        log_event(action="plan.view", actor=officer)
    assert len(queries.captured_queries) == 1
    assert queries.captured_queries[0]["sql"].startswith("WITH head AS")


@pytest.mark.postgres_only
def test_django_queries_are_not_prepared(officer):
    from plans.models import Plan

    log_event(action="plan.view", actor=officer)
    for _ in range(3):
        list(Plan.objects.filter(title="Not prepared"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%plans_plan%"]
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.postgres_only
@override_settings(AUDIT_PREPARED_APPEND=False)
def test_turned_off_the_append_binds_on_the_client(officer):
    import psycopg

    cursor, _ = _append_cursor(connection)
    with cursor:
        assert isinstance(cursor.cursor, psycopg.ClientCursor)
    event = log_event(action="plan.view", actor=officer)
    assert event.pk and verify_chain().count >= 1


@pytest.mark.postgres_only
@pytest.mark.parametrize("options", [{"prepare_threshold": None}, {"server_side_binding": True}])
def test_options_that_choose_binding_or_preparing_are_left_alone(monkeypatch, options):
    import psycopg

    monkeypatch.setitem(
        connection.settings_dict, "OPTIONS", {**connection.settings_dict["OPTIONS"], **options}
    )
    cursor, _ = _append_cursor(connection)
    with cursor:
        assert isinstance(cursor.cursor, psycopg.ClientCursor)
