"""Editing a task: owner or manager change title, description, due date and response only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.models import Event
from plans.task_services import task_update

from ._helpers import reload


def _due():
    return timezone.localdate() + datetime.timedelta(days=30)


def test_the_manager_edits_and_the_event_has_old_and_new_values(world):
    old_title = world.task.title
    task_update(
        actor=world.users["manager"], task=world.task, title="New title", description="", due_date=_due()
    )
    task = reload(world.task)
    assert task.title == "New title" and task.version == 2
    assert Event.objects.get(action="task.update").changes["title"] == [old_title, "New title"]


@pytest.mark.parametrize("persona", ["officer2", "partner_on"])
def test_others_may_not_edit(persona, world):
    with pytest.raises(PermissionDenied):
        task_update(actor=world.users[persona], task=world.task, title="x", description="", due_date=_due())


def test_posting_extra_fields_changes_nothing(world, client_for):
    response = client_for(world.users["owner"]).post(
        f"/tasks/{world.task.pk}/edit/",
        {
            "title": "Edited",
            "description": "",
            "due_date": _due().isoformat(),
            "state": "done",
            "organisation": world.other_org_task.organisation_id,
            "plan": world.other_plan.pk,
        },
    )
    assert response.status_code == 302
    task = reload(world.task)
    assert task.title == "Edited" and task.state == "open"
    assert task.organisation_id == world.task.organisation_id and task.plan_id == world.plan.pk


def test_the_form_is_filled_with_the_task(world, client_for):
    response = client_for(world.users["owner"]).get(f"/tasks/{world.task.pk}/edit/")
    assert world.task.title in response.content.decode()
