"""guardian's grants say the same as the PlanPartner rows and each task's organisation
(plans.grants, `manage.py check_grants`): the services keep them together; a row written around
them is named."""

import pytest
from django.core.management import CommandError, call_command
from guardian.shortcuts import assign_perm, remove_perm

from partners.models import Organisation
from plans import partner_services, task_services
from plans.grants import grant_mismatches
from plans.models import PlanPartner, TaskGroupObjectPermission

pytestmark = pytest.mark.django_db


def _run():
    from io import StringIO

    out = StringIO()
    try:
        call_command("check_grants", stdout=out)
    except CommandError as exc:
        return 1, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


def test_the_services_keep_the_grants_with_the_rows(world):
    wardens = Organisation.objects.get(name="City Street Wardens")
    owner = world.users["owner"]
    partner_services.plan_partner_add(actor=owner, plan=world.plan, organisation=wardens)
    task_services.task_reassign(actor=owner, task=world.task, organisation=wardens)
    partner_services.plan_partner_remove(
        actor=owner, plan=world.plan, organisation=world.other_org_task.organisation
    )
    assert grant_mismatches() == []
    code, out, _ = _run()
    assert code == 0 and out.startswith("Grants match:")


def test_a_partner_without_its_grant_is_named(world):
    remove_perm("plans.view_plan", world.task.organisation.group, world.plan)
    code, out, error = _run()
    assert code == 1 and error == "1 grant mismatch(es)"
    assert (
        out.strip()
        == f"{world.plan.reference}: Street Pastors is a partner but its group has no view_plan grant"
    )


def test_a_grant_without_its_partner_is_named(world):
    PlanPartner.objects.filter(plan=world.plan, organisation=world.other_org_task.organisation).delete()
    lines = [str(m) for m in grant_mismatches()]
    assert f"{world.plan.reference}: BID Leicester holds view_plan but is not a partner" in lines
    # Its task's grant too: the organisation is no longer on the plan.
    assert any(
        line.startswith(
            f"{world.plan.reference} task {world.other_org_task.pk}: BID Leicester holds change_task"
        )
        for line in lines
    )


def test_a_task_grant_to_the_wrong_organisation_is_named(world):
    TaskGroupObjectPermission.objects.filter(content_object=world.task).delete()
    assign_perm("plans.change_task", world.other_org_task.organisation.group, world.task)
    lines = [str(m) for m in grant_mismatches()]
    assert lines == sorted(
        [
            f"{world.plan.reference} task {world.task.pk}: assigned to Street Pastors, a partner on the plan or a police team, "
            "whose group has no change_task grant",
            f"{world.plan.reference} task {world.task.pk}: BID Leicester holds change_task but the task is not "
            "its, or it is not on the plan",
        ]
    )


def test_a_grant_the_selectors_do_not_read_is_named(world):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import GroupObjectPermission

    GroupObjectPermission.objects.create(
        group=world.task.organisation.group,
        permission=Permission.objects.get(codename="view_plan", content_type__app_label="plans"),
        content_type=ContentType.objects.get_for_model(world.plan),
        object_pk=str(world.other_plan.pk),
    )
    assert [str(m) for m in grant_mismatches()] == [
        "-: 1 plan grant(s) in guardian's generic groupobjectpermission table, which the selectors do not read"
    ]
