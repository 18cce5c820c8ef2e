"""Blocking a task: a reason is required and kept."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import Event
from plans.task_services import task_block

from ._helpers import htmx, reload


def test_the_partner_blocks_it_with_a_reason(world):
    task_block(actor=world.users["partner_on"], task=world.task, reason="Volunteers ill")
    task = reload(world.task)
    assert task.state == "blocked" and task.blocked_reason == "Volunteers ill"
    assert Event.objects.get(action="task.block").reason == "Volunteers ill"


def test_a_reason_is_required(world):
    with pytest.raises(ValidationError):
        task_block(actor=world.users["partner_on"], task=world.task, reason="  ")
    assert reload(world.task).state == "open"


def test_the_form_page_shows_the_error(world, client_for):
    client = client_for(world.users["partner_on"])
    assert client.get(f"/tasks/{world.task.pk}/block/").status_code == 200
    response = client.post(f"/tasks/{world.task.pk}/block/", {"reason": ""})
    body = response.content.decode()
    assert "There is a problem" in body and "Enter why the task is blocked" in body
    assert reload(world.task).state == "open"


def test_htmx_shows_the_error_in_the_row(world, client_for):
    response = htmx(client_for(world.users["partner_on"]), f"/tasks/{world.task.pk}/block/", {"reason": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter why the task is blocked" in body
    assert f'id="task-{world.task.pk}"' in body
    assert '<details class="govuk-details" open>' in body
