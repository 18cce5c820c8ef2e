"""The append sends each event's values as the ORM would, and runs on SQLite without the
ORM's per-execute placeholder rewrite; neither changes what is stored or verified."""

import datetime
import itertools

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.safestring import mark_safe

from audit.integrity import verify_chain
from audit.models import Event
from audit.services import _CONTENT_FIELDS, _append_cursor, _prepared_values, log_event

pytestmark = pytest.mark.django_db


def orm_values(event):
    return [field.get_db_prep_save(getattr(event, field.attname), connection) for field in _CONTENT_FIELDS]


def comparable(values):
    # psycopg's Jsonb wrapper (the changes on PostgreSQL) does not compare by content.
    return [(type(value), getattr(value, "obj", value)) for value in values]


TEXTS = ["", "plain", "Ré-view 🚓", mark_safe("<b>safe string</b>"), "x" * 200]
TIMES = [
    timezone.now(),
    datetime.datetime(2026, 3, 29, 1, 30, 0, 5, tzinfo=datetime.UTC),
    datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
]
CHANGES = [{}, {"state": ["scan", "analyse"]}, {"n": [1, 2.5], "nested": {"b": None, "a": True}}]
ADDRESSES = [None, "127.0.0.1", "2001:db8::1", "::ffff:10.0.0.1"]


@pytest.mark.parametrize(
    ("text", "occurred_at", "changes", "address", "flag", "number"),
    list(
        itertools.islice(
            itertools.product(TEXTS, TIMES, CHANGES, ADDRESSES, [False, True], [None, 0, 42, 2**40]),
            0,
            None,
            7,
        )
    ),
)
def test_the_values_sent_are_the_orms(officer, text, occurred_at, changes, address, flag, number):
    event = Event(
        occurred_at=occurred_at,
        actor=officer,
        actor_username=text,
        actor_organisation=text,
        action="plan.update",
        target_type="plans.plan",
        target_id=text,
        target_label=text,
        plan_id=number,
        changes=changes,
        police_only=flag,
        reason=text,
        request_id=text,
        ip_address=address,
    )
    assert comparable(_prepared_values(event, connection)) == comparable(orm_values(event))


def test_events_appended_without_the_query_log_verify(officer):
    assert not connection.queries_logged
    events = [log_event(action="plan.view", actor=officer, changes={"i": [None, i]}) for i in range(3)]
    stored = Event.objects.filter(pk__in=[e.pk for e in events]).order_by("sequence")
    assert [(e.sequence, e.hash) for e in stored] == [(e.sequence, e.hash) for e in events]
    assert verify_chain().count >= 3


def test_the_append_is_logged_and_counted_when_queries_are(officer):
    log_event(action="plan.view", actor=officer)  # reads (and caches) the actor's organisation
    with CaptureQueriesContext(connection) as queries:
        log_event(action="plan.view", actor=officer)
    assert len(queries.captured_queries) == 1
    assert "INSERT INTO" in queries.captured_queries[0]["sql"]


def test_the_append_cursor_raises_djangos_errors_not_the_drivers():
    cursor, statement = _append_cursor(connection)
    placeholder = "?" if "?" in statement else "%s"  # the statement's, which the cursor takes
    with cursor, pytest.raises(DatabaseError):
        cursor.execute(f"SELECT * FROM no_such_table WHERE id = {placeholder}", [1])  # noqa: S608 (no input)
