"""Writes to the partners on a plan: adding an organisation grants its group view rights on
the plan; removing it revokes them and flags its unfinished tasks for reassignment."""

from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from audit.services import log_event
from partners.models import Organisation
from partners.permissions import require

from . import submissions
from .models import UNFINISHED_TASK_STATES, Plan, PlanPartner, Task, TaskGroupObjectPermission
from .service_support import lock_plan


def plan_partner_add(*, actor, plan: Plan, organisation: Organisation, submission=None) -> PlanPartner:
    """Put an organisation on the plan and grant its group view rights on it.

    The same form sent twice by the same person (`submission`, its one-time token) raises
    submissions.AlreadySubmitted before the "already on this plan" check: a repeat is told it
    was saved once, not that the organisation it has just added is on the plan.
    """
    require(actor, "plans.manage_tasks", plan, action="plan.partner_add", plan=plan)
    if organisation.is_police or not organisation.is_active:
        raise ValidationError({"organisation": "Choose an active partner organisation"})
    with transaction.atomic():
        plan = lock_plan(plan)
        submissions.claim(
            submission,
            actor=actor,
            plan=plan,
            action="plan.partner_add",
            content={"plan": plan.pk, "organisation": organisation.pk},
        )
        if PlanPartner.objects.filter(plan=plan, organisation=organisation).exists():
            raise ValidationError({"organisation": f"{organisation.name} is already on this plan"})
        link = PlanPartner.objects.create(plan=plan, organisation=organisation, added_by=actor)
        assign_perm("plans.view_plan", organisation.group, plan)
        log_event(
            action="plan.partner_add",
            actor=actor,
            target=plan,
            plan=plan,
            changes={
                "partners": [None, organisation.name],
                "permission": [
                    None,
                    f"plans.view_plan on {plan.reference} to group {organisation.group.name}",
                ],
            },
        )
    return link


def plan_partner_remove(*, actor, plan: Plan, organisation: Organisation) -> list[int]:
    """Take an organisation off the plan: revoke its rights, flag its unfinished tasks for reassignment.

    Returns the ids of the flagged tasks; no task is deleted.
    """
    require(actor, "plans.manage_tasks", plan, action="plan.partner_remove", plan=plan)
    with transaction.atomic():
        plan = lock_plan(plan)
        link = PlanPartner.objects.filter(plan=plan, organisation=organisation).first()
        if link is None:
            raise ValidationError(f"{organisation.name} is not a partner on this plan")
        tasks = Task.objects.select_for_update().filter(plan=plan, organisation=organisation)
        task_ids = list(tasks.values_list("pk", flat=True))
        flagged = list(
            tasks.filter(state__in=UNFINISHED_TASK_STATES, needs_reassignment=False).values_list(
                "pk", flat=True
            )
        )
        Task.objects.filter(pk__in=flagged).update(needs_reassignment=True)
        grants = TaskGroupObjectPermission.objects.filter(
            content_object_id__in=task_ids, group=organisation.group, permission__codename="change_task"
        )
        revoked_tasks = sorted(grants.values_list("content_object_id", flat=True))
        grants.delete()
        remove_perm("plans.view_plan", organisation.group, plan)
        link.delete()
        log_event(
            action="plan.partner_remove",
            actor=actor,
            target=plan,
            plan=plan,
            changes={
                "partners": [organisation.name, None],
                "permission": [
                    f"plans.view_plan on {plan.reference} and plans.change_task on tasks {revoked_tasks} "
                    f"to group {organisation.group.name}",
                    None,
                ],
                "needs_reassignment": [[], flagged],
            },
        )
    return flagged
