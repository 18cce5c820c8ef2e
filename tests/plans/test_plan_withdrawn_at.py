"""A withdrawn plan records when it was withdrawn; plans withdrawn before it was recorded get the
time from their withdrawal's audit event (migration 0008)."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from audit.models import Event
from plans import services
from plans.models import Plan, Stage
from plans.selectors import in_operation_between
from tests import factories

from .helpers import ready_plan

pytestmark = pytest.mark.django_db

migration = importlib.import_module("plans.migrations.0008_plan_withdrawn_at")


def _withdraw(world, plan):
    return services.plan_transition(
        actor=world.users["manager"], plan=plan, transition="withdraw", reason="Handed to BTP"
    )


def test_withdrawing_records_when_and_the_plan_ends_that_day(world):
    plan = _withdraw(world, ready_plan(world, Stage.RESPOND))
    stored = Plan.objects.get(pk=plan.pk)
    event = Event.objects.filter(plan_id=plan.pk, action="plan.transition").latest("sequence")
    assert stored.withdrawn_at is not None
    assert abs(stored.withdrawn_at - event.occurred_at) < datetime.timedelta(seconds=5)
    assert stored.closed_at is None
    today = timezone.localdate()
    later = today + datetime.timedelta(days=1)
    # In operation in a period up to its withdrawal, not in one starting after it.
    assert in_operation_between(Plan.objects.filter(pk=plan.pk), today, today).exists()
    assert not in_operation_between(Plan.objects.filter(pk=plan.pk), later, later).exists()


def test_the_migration_takes_the_withdrawal_time_from_the_audit_trail(world):
    plan = _withdraw(world, ready_plan(world, Stage.SCAN))
    event = Event.objects.filter(plan_id=plan.pk, action="plan.transition").latest("sequence")
    assert event.changes["state"] == [Stage.SCAN, Stage.WITHDRAWN]
    # As a plan withdrawn before the field existed: no time stored, and updated since
    # (a retention review saves the plan).
    much_later = event.occurred_at + datetime.timedelta(days=400)
    Plan.objects.filter(pk=plan.pk).update(withdrawn_at=None, updated_at=much_later)
    # One withdrawn with no event (written outside the services): its last update.
    no_event = factories.make_plan(owner=world.users["owner"], state=Stage.WITHDRAWN)
    updated = timezone.make_aware(datetime.datetime(2019, 3, 4, 12, 0))
    Plan.objects.filter(pk=no_event.pk).update(updated_at=updated)

    migration.withdrawn_at_from_the_audit_trail(apps, SimpleNamespace(connection=connection))

    plan.refresh_from_db()
    no_event.refresh_from_db()
    world.other_plan.refresh_from_db()
    assert plan.withdrawn_at == event.occurred_at
    assert plan.updated_at == much_later  # the migration changes nothing else
    assert no_event.withdrawn_at == updated
    assert world.other_plan.withdrawn_at is None  # still open
