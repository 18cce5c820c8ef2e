"""Runs tests/audit_cases/plans.py here too, until the audit issue's collector is merged."""

import inspect

import pytest

from audit.models import Event
from plans import services
from tests.audit_cases.plans import CASES

pytestmark = pytest.mark.django_db


def test_every_public_service_has_a_case():
    public = {
        f"plans.services.{name}"
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if not name.startswith("_") and fn.__module__ == "plans.services"
    }
    assert public == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_service_writes_exactly_one_event(name, world):
    before = Event.objects.count()
    case = CASES[name](world)
    new = list(Event.objects.filter(sequence__gt=before).order_by("sequence"))
    assert len(new) == case.get("count", 1)
    event = new[-1]
    assert event.action == case["action"]
    assert event.actor == case["actor"]
    assert event.target_type == case["target"]._meta.label_lower
    assert event.target_id == str(case["target"].pk)
    assert event.plan_id == world.plan.pk or case["action"] == "plan.create"
