"""Cancelling a task: the plan's owner only, with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Event
from plans.service_support import TaskStateError
from plans.task_services import task_cancel, task_complete

from ._helpers import reload


def test_the_owner_cancels_with_a_reason(world):
    task_cancel(actor=world.users["owner"], task=world.task, reason="No longer needed")
    assert reload(world.task).state == "cancelled"
    assert Event.objects.get(action="task.cancel").reason == "No longer needed"


@pytest.mark.parametrize("persona", ["officer2", "manager", "partner_on"])
def test_nobody_else_may_cancel(persona, world):
    with pytest.raises(PermissionDenied):
        task_cancel(actor=world.users[persona], task=world.task, reason="x")
    assert reload(world.task).state == "open"


def test_a_reason_is_required(world):
    with pytest.raises(ValidationError):
        task_cancel(actor=world.users["owner"], task=world.task, reason="")


def test_a_done_task_cannot_be_cancelled(world):
    task_complete(actor=world.users["partner_on"], task=world.task, note="Done")
    with pytest.raises(TaskStateError):
        task_cancel(actor=world.users["owner"], task=reload(world.task), reason="x")


def test_the_page_cancels(world, client_for):
    response = client_for(world.users["owner"]).post(
        f"/tasks/{world.task.pk}/cancel/", {"reason": "Duplicate"}
    )
    assert response.status_code == 302
    assert reload(world.task).state == "cancelled"
