"""The database itself refuses to change or remove an audit event, as does the model."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnlyError, Event
from audit.services import log_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(officer):
    log_event(action="plan.view", actor=officer)
    return log_event(action="plan.update", actor=officer, changes={"title": ["Old", "New"]})


def test_raw_sql_update_is_refused_by_the_database(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_event SET reason = 'covered up' WHERE id = %s", [event.pk])
    assert Event.objects.get(pk=event.pk).reason == ""


def test_raw_sql_delete_is_refused_by_the_database(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [event.pk])
    assert Event.objects.filter(pk=event.pk).exists()


def test_deleting_every_row_is_refused_by_the_database(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_event")
    assert Event.objects.count() == 2


@pytest.mark.postgres_only
def test_truncate_is_refused_on_postgresql(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_event")
    assert Event.objects.count() == 2


def test_the_model_refuses_to_save_a_changed_event(event):
    event.reason = "covered up"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_the_model_and_queryset_refuse_delete_and_update(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(reason="covered up")
    assert Event.objects.get(pk=event.pk).reason == ""
