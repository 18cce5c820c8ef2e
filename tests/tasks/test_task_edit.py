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
            "version": world.task.version,
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


def test_a_save_over_a_newer_version_is_refused_keeping_what_was_typed(world, client_for):
    from plans.task_services import task_start

    client = client_for(world.users["owner"])
    opened = world.task.version  # the owner opens the edit page ...
    assert f'name="version" value="{opened}"' in client.get(f"/tasks/{world.task.pk}/edit/").content.decode()
    task_start(actor=world.users["partner_on"], task=world.task)  # ... and the partner starts the task
    typed = {
        "title": "Staff the rank until 04:00",
        "description": "Two officers",
        "due_date": _due().isoformat(),
    }
    response = client.post(f"/tasks/{world.task.pk}/edit/", {**typed, "version": opened})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this task while you were editing it (it is now in progress" in page
    assert "Staff the rank until 04:00" in page and "Two officers" in page  # nothing typed is lost
    task = reload(world.task)
    assert task.title != typed["title"] and not Event.objects.filter(action="task.update").exists()
    # The page now carries the version saved, so saving again goes through.
    assert f'name="version" value="{task.version}"' in page
    assert client.post(f"/tasks/{world.task.pk}/edit/", {**typed, "version": task.version}).status_code == 302
    assert reload(world.task).title == typed["title"]


def test_the_service_refuses_a_stale_version_and_writes_nothing(world):
    from plans.task_services import TaskEditConflict

    stale = world.task.version
    task_update(actor=world.users["manager"], task=world.task, title="First", description="", due_date=_due())
    with pytest.raises(TaskEditConflict) as conflict:
        task_update(
            actor=world.users["owner"],
            task=world.task,
            title="Second",
            description="",
            due_date=_due(),
            version=stale,
        )
    assert conflict.value.version == stale + 1
    assert reload(world.task).title == "First"
    assert Event.objects.filter(action="task.update").count() == 1


def test_a_missing_or_garbled_version_asks_to_reopen_the_page(world, client_for):
    client = client_for(world.users["owner"])
    for version in ("", "abc", "-1"):
        response = client.post(
            f"/tasks/{world.task.pk}/edit/",
            {"title": "Edited", "due_date": _due().isoformat(), "version": version},
        )
        assert response.status_code == 200
        assert "This page is out of date: open the task again from its page" in response.content.decode()
    assert reload(world.task).title != "Edited"


def test_a_conflict_names_the_saved_details_that_differ_from_what_was_typed(world, client_for):
    client = client_for(world.users["owner"])
    opened = world.task.version
    task_update(  # the manager saves a new description meanwhile
        actor=world.users["manager"],
        task=world.task,
        title=world.task.title,
        description="Door staff radio the pastors first",
        due_date=world.task.due_date,
    )
    typed = {"title": world.task.title, "description": "Two officers", "due_date": _due().isoformat()}
    response = client.post(f"/tasks/{world.task.pk}/edit/", {**typed, "version": opened})
    assert response.status_code == 409
    page = response.content.decode()
    assert "The saved description and due date differ from what you typed." in page
    assert "The saved description is: \u201cDoor staff radio the pastors first\u201d." in page
    assert f"with {world.task.organisation.name}" in page
    assert "title differ" not in page  # the title typed is the one saved
    assert reload(world.task).description == "Door staff radio the pastors first"


def test_the_due_date_is_shown_in_three_boxes(world, client_for):
    page = client_for(world.users["owner"]).get(f"/tasks/{world.task.pk}/edit/").content.decode()
    assert "For example, 27 3 2026" in page
    due = world.task.due_date
    assert f'name="due_date-day" type="text" inputmode="numeric" value="{due.day}"' in page
    assert f'name="due_date-month" type="text" value="{due.month}"' in page
    assert f'name="due_date-year" type="text" inputmode="numeric" value="{due.year}"' in page


def test_a_save_that_changes_nothing_writes_no_event(world):
    task = world.task
    task_update(
        actor=world.users["owner"],
        task=task,
        title=task.title,
        description=task.description,
        due_date=task.due_date,
        response=task.response,
        version=task.version,
    )
    assert reload(task).version == task.version
    assert not Event.objects.filter(action="task.update").exists()
