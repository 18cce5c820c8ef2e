"""Reassigning a task moves the change right to the new organisation."""

from django.core import mail

from audit.models import Event
from plans.models import TaskGroupObjectPermission
from plans.partner_services import plan_partner_remove
from plans.task_services import task_reassign

from ._helpers import reload


def test_the_change_right_moves(world, pastors_org, bid_org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task_reassign(actor=world.users["owner"], task=world.task, organisation=bid_org)
    groups = set(
        TaskGroupObjectPermission.objects.filter(content_object=world.task).values_list(
            "group__name", flat=True
        )
    )
    assert groups == {bid_org.group.name}
    assert reload(world.task).organisation == bid_org
    assert mail.outbox[0].to == ["bid@example.org"]
    assert Event.objects.get(action="task.reassign").changes["organisation"] == [
        "Street Pastors",
        "BID Leicester",
    ]


def test_reassigning_clears_the_needs_reassignment_flag(world, pastors_org, bid_org):
    plan_partner_remove(actor=world.users["owner"], plan=world.plan, organisation=pastors_org)
    assert reload(world.task).needs_reassignment
    task_reassign(actor=world.users["manager"], task=reload(world.task), organisation=bid_org)
    assert not reload(world.task).needs_reassignment


def test_the_old_organisation_can_no_longer_update_it(world, bid_org, client_for):
    task_reassign(actor=world.users["owner"], task=world.task, organisation=bid_org)
    response = client_for(world.users["partner_on"]).post(f"/tasks/{world.task.pk}/start/")
    assert response.status_code == 403


def test_the_page_refuses_an_organisation_not_on_the_plan(world, wardens_org, client_for):
    response = client_for(world.users["owner"]).post(
        f"/tasks/{world.task.pk}/reassign/", {"organisation": wardens_org.pk}
    )
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert reload(world.task).organisation_id == world.task.organisation_id
