"""Creating (assigning) a task: owner or manager; the organisation must be on the plan."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import Event
from plans.models import Task, TaskGroupObjectPermission
from plans.task_services import task_create


def _due():
    return timezone.localdate() + datetime.timedelta(days=7)


def _post(world, **extra):
    data = {
        "title": "Check the CCTV covers the rank",
        "organisation": world.task.organisation_id,
        "due_date": _due().isoformat(),
    }
    data.update(extra)
    return data


def test_the_owner_creates_a_task_and_the_organisation_gets_change_rights_on_it_only(world, pastors_org):
    task = task_create(
        actor=world.users["owner"],
        plan=world.plan,
        title="Check CCTV",
        organisation=pastors_org,
        due_date=_due(),
    )
    grants = TaskGroupObjectPermission.objects.filter(group=pastors_org.group)
    assert set(grants.values_list("content_object_id", flat=True)) == {world.task.pk, task.pk}
    assert grants.get(content_object=task).permission.codename == "change_task"
    event = Event.objects.get(action="task.assign")
    assert event.target_id == str(task.pk) and event.changes["organisation"] == [None, "Street Pastors"]


def test_the_lead_is_emailed_after_the_commit(world, pastors_org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        task_create(
            actor=world.users["manager"],
            plan=world.plan,
            title="Check CCTV",
            organisation=pastors_org,
            due_date=_due(),
        )
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pastors@example.org"]
    assert "Check CCTV" in mail.outbox[0].subject
    assert "POLICE-ONLY" not in mail.outbox[0].body


def test_an_organisation_not_on_the_plan_is_refused(world, wardens_org):
    with pytest.raises(ValidationError) as info:
        task_create(
            actor=world.users["owner"], plan=world.plan, title="x", organisation=wardens_org, due_date=_due()
        )
    assert "not a partner on this plan" in str(info.value)
    assert not Task.objects.filter(organisation=wardens_org, plan=world.plan).exists()


def test_the_assignee_must_be_a_member_of_the_organisation(world, pastors_org):
    with pytest.raises(ValidationError):
        task_create(
            actor=world.users["owner"],
            plan=world.plan,
            title="x",
            organisation=pastors_org,
            assignee=world.users["partner_off"],
            due_date=_due(),
        )


@pytest.mark.parametrize("persona", ["officer2", "partner_on"])
def test_others_may_not_create_tasks(persona, world, pastors_org):
    with pytest.raises(PermissionDenied):
        task_create(
            actor=world.users[persona], plan=world.plan, title="x", organisation=pastors_org, due_date=_due()
        )
    assert Event.objects.filter(action="task.assign.refused").count() == 1


def test_the_page_creates_the_task(world, client_for):
    response = client_for(world.users["owner"]).post(f"/plans/{world.plan.pk}/tasks/new/", _post(world))
    assert response.status_code == 302
    assert Task.objects.filter(title="Check the CCTV covers the rank", plan=world.plan).exists()


def test_posting_extra_fields_changes_nothing(world, client_for):
    client_for(world.users["owner"]).post(
        f"/plans/{world.plan.pk}/tasks/new/",
        _post(
            world, state="done", plan=world.other_plan.pk, needs_reassignment="on", completion_note="hacked"
        ),
    )
    task = Task.objects.get(title="Check the CCTV covers the rank")
    assert task.plan_id == world.plan.pk and task.state == "open"
    assert task.completion_note == "" and not task.needs_reassignment


def test_errors_are_shown_and_nothing_is_saved(world, client_for):
    before = Task.objects.count()
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client_for(world.users["owner"]).post(
        f"/plans/{world.plan.pk}/tasks/new/", {"title": "", "due_date": yesterday}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the task&#x27;s title" in body
    assert "Choose the organisation that will do the task" in body
    assert "The due date must be today or in the future" in body
    assert Task.objects.count() == before


def test_an_organisation_not_on_the_plan_cannot_be_posted(world, wardens_org, client_for):
    response = client_for(world.users["owner"]).post(
        f"/plans/{world.plan.pk}/tasks/new/", _post(world, organisation=wardens_org.pk)
    )
    assert (
        "Choose a valid choice" in response.content.decode()
        or "Select a valid choice" in response.content.decode()
    )
    assert not Task.objects.filter(organisation=wardens_org, plan=world.plan).exists()
