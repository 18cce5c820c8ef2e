"""Starting a task: the assigned organisation or the plan's owner; nobody else."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Event
from plans.service_support import TaskStateError
from plans.task_services import task_start

from ._helpers import htmx, reload


def test_the_assigned_partner_lead_starts_it(world):
    task_start(actor=world.users["partner_on"], task=world.task)
    assert reload(world.task).state == "in_progress"
    event = Event.objects.get(action="task.start")
    assert event.changes == {"state": ["open", "in_progress"]}


def test_the_plan_owner_may_start_it(world):
    task_start(actor=world.users["owner"], task=world.task)
    assert reload(world.task).state == "in_progress"


@pytest.mark.parametrize("persona", ["officer2", "manager", "partner_off"])
def test_others_are_refused(persona, world):
    with pytest.raises(PermissionDenied):
        task_start(actor=world.users[persona], task=world.task)
    assert reload(world.task).state == "open"
    assert Event.objects.filter(action="task.start.refused").count() == 1


def test_a_partner_on_the_plan_may_not_start_another_organisations_task(world, client_for):
    response = client_for(world.users["partner_on"]).post(f"/tasks/{world.other_org_task.pk}/start/")
    assert response.status_code == 403
    assert reload(world.other_org_task).state == "open"


def test_starting_twice_says_what_state_it_is_in(world):
    task_start(actor=world.users["partner_on"], task=world.task)
    with pytest.raises(TaskStateError, match="in progress now"):
        task_start(actor=world.users["partner_on"], task=world.task)


def test_the_plain_form_redirects_back(world, client_for):
    response = client_for(world.users["partner_on"]).post(
        f"/tasks/{world.task.pk}/start/", {"next": "/tasks/"}
    )
    assert response.status_code == 302 and response["Location"] == "/tasks/"


def test_an_outside_next_address_is_ignored(world, client_for):
    response = client_for(world.users["partner_on"]).post(
        f"/tasks/{world.task.pk}/start/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/tasks/{world.task.pk}/"


def test_htmx_gets_the_task_row_back(world, client_for):
    response = htmx(client_for(world.users["partner_on"]), f"/tasks/{world.task.pk}/start/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(
        f'<div class="app-task-row govuk-!-margin-bottom-6" id="task-{world.task.pk}">'
    )
    assert "In progress" in body and "Task started" in body
    assert "<html" not in body


def test_posting_a_state_changes_nothing_else(world, client_for):
    client_for(world.users["partner_on"]).post(
        f"/tasks/{world.task.pk}/start/", {"state": "done", "organisation": 1}
    )
    task = reload(world.task)
    assert task.state == "in_progress" and task.organisation_id == world.task.organisation_id
