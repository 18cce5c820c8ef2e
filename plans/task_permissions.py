"""Who may act on a task and read its evidence (PRODUCT.md, Permissions): the only place these
rules live. Who may create, edit and reassign tasks is a plan rule ("plans.manage_tasks").

Acting on a task needs the `change_task` grant that assignment gives the organisation's group
(guardian's direct foreign-key table, never a global permission), or being the plan's owner or a
co-owner, still an officer (plans.permissions.owns_plan). Evidence files belong to the
organisation they were added for, not to whichever holds the task now. A police team's members
are officers: they act on their team's tasks (reopen and remove evidence included) through the
same grant, as a partner lead does on its organisation's. Which tasks and files a
user sees are list filters (plans.task_selectors).
"""

import rules

from partners.permissions import officer, partner_lead, police, register_rule, signed_in
from partners.roles import partner_group_ids, permission_id

from .permissions import is_owner, owns_plan


@rules.predicate
def owns_tasks_plan(user, task) -> bool:
    return task is not None and owns_plan(user, task.plan)


@rules.predicate
def owner_of_tasks_plan(user, task) -> bool:
    return task is not None and is_owner(user, task.plan)


@rules.predicate
def in_assigned_organisation(user, task) -> bool:
    """The user's organisation group holds the change right on this task (one query)."""
    from .models import TaskGroupObjectPermission

    groups = partner_group_ids(user)
    return (
        task is not None
        and bool(groups)
        and TaskGroupObjectPermission.objects.filter(
            content_object_id=task.pk, permission_id=permission_id("plans.change_task"), group_id__in=groups
        ).exists()
    )


@rules.predicate
def evidence_of_own_organisation(user, attachment) -> bool:
    return attachment is not None and attachment.organisation.group_id in partner_group_ids(user)


@rules.predicate
def task_done(user, task) -> bool:
    return task is not None and task.state == "done"


@rules.predicate
def tasks_plan_in_respond(user, task) -> bool:
    return task is not None and task.plan.state == "respond"


@rules.predicate
def evidence_on_open_plan(user, attachment) -> bool:
    return attachment is not None and attachment.task.plan.state in ("scan", "analyse", "respond", "assess")


def _register(name: str, predicate, refusal: str) -> None:
    register_rule(name, predicate, refusal, module=__name__)


# Start, block, resume or complete, and add evidence.
_register(
    "plans.update_task",
    signed_in & (owns_tasks_plan | in_assigned_organisation),
    "Only the organisation the task is assigned to, or the plan's owner or a co-owner, "
    "may update this task or add evidence to it.",
)
_register("plans.cancel_task", officer & owner_of_tasks_plan, "Only the plan's owner may cancel a task.")
_register(
    "plans.read_evidence",
    signed_in & (police | evidence_of_own_organisation),
    "Only police and the organisation the evidence belongs to may download it.",
)

# Partners correcting themselves (plans.task_fix_services).
_register(
    "plans.reopen_task",
    signed_in & (partner_lead | officer) & in_assigned_organisation & task_done & tasks_plan_in_respond,
    "Only a lead of the organisation or a member of the police team the task is assigned to may reopen it, "
    "while it is done and the plan is in Respond.",
)
_register(
    "plans.remove_evidence",
    signed_in & (partner_lead | officer) & evidence_of_own_organisation & evidence_on_open_plan,
    "Only a lead of the organisation or a member of the police team the evidence belongs to may "
    "remove it, while the plan is open.",
)
