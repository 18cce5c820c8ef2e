"""Resuming a blocked task: back to in progress, the reason cleared."""

import pytest
from django.core.exceptions import PermissionDenied

from plans.service_support import TaskStateError
from plans.task_services import task_block, task_resume

from ._helpers import reload


def test_the_partner_resumes_a_blocked_task(world):
    task_block(actor=world.users["partner_on"], task=world.task, reason="Volunteers ill")
    task_resume(actor=world.users["partner_on"], task=reload(world.task))
    task = reload(world.task)
    assert task.state == "in_progress" and task.blocked_reason == ""


def test_an_open_task_cannot_be_resumed(world, client_for):
    with pytest.raises(TaskStateError):
        task_resume(actor=world.users["partner_on"], task=world.task)
    response = client_for(world.users["partner_on"]).post(f"/tasks/{world.task.pk}/resume/")
    assert "cannot be resumed" in response.content.decode()


def test_a_manager_may_not_resume_it(world):
    task_block(actor=world.users["owner"], task=world.task, reason="Waiting")
    with pytest.raises(PermissionDenied):
        task_resume(actor=world.users["manager"], task=reload(world.task))
