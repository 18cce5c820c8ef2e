"""Removing a partner: rights revoked, its unfinished tasks flagged for reassignment, never deleted."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Event
from plans.models import PlanGroupObjectPermission, PlanPartner, Task, TaskGroupObjectPermission
from plans.partner_services import plan_partner_remove
from plans.selectors import plans_visible_to
from plans.task_selectors import tasks_of_my_organisation
from tests import factories


def test_the_partner_loses_the_plan_and_its_tasks_wait_for_reassignment(world, pastors_org):
    done = factories.make_task(world.plan, pastors_org, title="Leaflets", state="done")
    pastors = world.users["partner_on"]

    flagged = plan_partner_remove(actor=world.users["owner"], plan=world.plan, organisation=pastors_org)

    assert flagged == [world.task.pk]
    assert not PlanPartner.objects.filter(plan=world.plan, organisation=pastors_org).exists()
    assert not PlanGroupObjectPermission.objects.filter(
        content_object=world.plan, group=pastors_org.group
    ).exists()
    assert not TaskGroupObjectPermission.objects.filter(
        group=pastors_org.group, content_object__plan=world.plan
    ).exists()
    assert not plans_visible_to(pastors).filter(pk=world.plan.pk).exists()
    assert not tasks_of_my_organisation(pastors).exists()
    task = Task.objects.get(pk=world.task.pk)
    assert task.needs_reassignment and task.state == "open"
    assert Task.objects.get(pk=done.pk).needs_reassignment is False  # finished: nothing to reassign


def test_other_partners_keep_their_rights(world, pastors_org, bid_org):
    plan_partner_remove(actor=world.users["manager"], plan=world.plan, organisation=pastors_org)
    assert PlanGroupObjectPermission.objects.filter(content_object=world.plan, group=bid_org.group).exists()
    assert TaskGroupObjectPermission.objects.filter(content_object=world.other_org_task).exists()


def test_one_event_names_what_was_revoked(world, pastors_org):
    plan_partner_remove(actor=world.users["owner"], plan=world.plan, organisation=pastors_org)
    event = Event.objects.get(action="plan.partner_remove")
    assert event.changes["partners"] == ["Street Pastors", None]
    assert "plans.view_plan" in event.changes["permission"][0]
    assert event.changes["needs_reassignment"] == [[], [world.task.pk]]


@pytest.mark.parametrize("persona", ["officer2", "partner_on"])
def test_others_are_refused(persona, world, pastors_org):
    with pytest.raises(PermissionDenied):
        plan_partner_remove(actor=world.users[persona], plan=world.plan, organisation=pastors_org)
    assert PlanPartner.objects.filter(plan=world.plan, organisation=pastors_org).exists()


def test_the_confirmation_page_says_what_happens_to_the_tasks(world, pastors_org, client_for):
    client = client_for(world.users["owner"])
    page = client.get(f"/plans/{world.plan.pk}/partners/{pastors_org.pk}/remove/").content.decode()
    assert "Remove Street Pastors from the plan?" in page
    assert "1 unfinished task will be kept" in page
    assert PlanPartner.objects.filter(
        plan=world.plan, organisation=pastors_org
    ).exists()  # GET changes nothing
    response = client.post(f"/plans/{world.plan.pk}/partners/{pastors_org.pk}/remove/")
    assert response.status_code == 302
    assert not PlanPartner.objects.filter(plan=world.plan, organisation=pastors_org).exists()


def test_removing_an_organisation_not_on_the_plan_is_404(world, wardens_org, client_for):
    response = client_for(world.users["owner"]).get(
        f"/plans/{world.plan.pk}/partners/{wardens_org.pk}/remove/"
    )
    assert response.status_code == 404
