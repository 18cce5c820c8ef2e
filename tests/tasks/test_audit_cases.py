"""Each task service writes exactly one event with its action, actor and target.

The project-wide coverage test (tests/audit/) runs these same cases; this file runs them
here too, so the tasks branch proves them on its own.
"""

import pytest

from audit.models import Event
from tests.audit_cases.tasks import CASES


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_service_writes_exactly_one_event(name, world):
    before = Event.objects.count()
    result = CASES[name](world)
    events = list(Event.objects.order_by("sequence")[before:])
    assert len(events) == result.get("count", 1), [e.action for e in events]
    event = events[-1]
    assert event.action == result["action"]
    assert event.actor == result["actor"]
    target = result["target"]
    if target is None:
        assert event.target_type == ""
    else:
        assert (event.target_type, event.target_id) == (target._meta.label_lower, str(target.pk))
