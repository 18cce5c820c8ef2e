"""Whether guardian's grants still say what the plans' partners and tasks say.

The same fact is stored twice: a PlanPartner row and its organisation group's `view_plan` grant
on the plan; a task's organisation and its group's `change_task` grant on the task (while the
organisation is on the plan: taking it off revokes its task grants and flags its unfinished
tasks for reassignment; a police team's tasks hold theirs on any plan, teams never being partners). The services write both in one transaction; this reads them back, so a
row written around the services (a shell, a restore, a bad migration) is found. The selectors
read the grants only (plans.selectors.plans_visible_to, task_selectors.tasks_of_my_organisation).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from guardian.models import GroupObjectPermission, UserObjectPermission

from partners.models import Organisation
from partners.roles import permission_id

from .models import (
    Plan,
    PlanGroupObjectPermission,
    PlanPartner,
    PlanUserObjectPermission,
    Task,
    TaskGroupObjectPermission,
    TaskUserObjectPermission,
)


@dataclass(frozen=True)
class Mismatch:
    plan: str  # the plan's reference
    task_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.plan} task {self.task_id}" if self.task_id is not None else self.plan
        return f"{where}: {self.problem}"


def _group_names(group_ids) -> dict[int, str]:
    """What each group is called on a report: its organisation's name, else the group's."""
    names = dict(Organisation.objects.filter(group_id__in=group_ids).values_list("group_id", "name"))
    from django.contrib.auth.models import Group

    for pk, name in Group.objects.filter(pk__in=set(group_ids) - set(names)).values_list("pk", "name"):
        names[pk] = f"group {name} (no organisation)"
    return names


def grant_mismatches() -> list[Mismatch]:
    """Every disagreement between the grants and the PlanPartner rows and task organisations, sorted."""
    view, change = permission_id("plans.view_plan"), permission_id("plans.change_task")
    partners = set(PlanPartner.objects.values_list("plan_id", "organisation__group_id"))
    plan_grants = PlanGroupObjectPermission.objects.values_list(
        "content_object_id", "group_id", "permission_id"
    )
    view_grants = {(plan, group) for plan, group, perm in plan_grants if perm == view}
    other_plan_grants = {(plan, group, perm) for plan, group, perm in plan_grants if perm != view}

    on_plan = PlanPartner.objects.filter(
        plan_id=OuterRef("plan_id"), organisation_id=OuterRef("organisation_id")
    )
    # A police team holds its tasks' grants without being on the plan (it is never a partner).
    expected_task = set(
        Task.objects.filter(Exists(on_plan) | Q(organisation__kind=Organisation.Kind.POLICE_TEAM))
        .values_list("pk", "organisation__group_id")
        .order_by()
    )
    task_grants = TaskGroupObjectPermission.objects.values_list(
        "content_object_id", "group_id", "permission_id"
    )
    change_grants = {(task, group) for task, group, perm in task_grants if perm == change}
    other_task_grants = {(task, group, perm) for task, group, perm in task_grants if perm != change}

    task_plans = dict(
        Task.objects.filter(
            pk__in={t for t, _ in expected_task ^ change_grants} | {t for t, _, _ in other_task_grants}
        ).values_list("pk", "plan_id")
    )
    groups = {g for _, g in partners ^ view_grants} | {g for _, g in expected_task ^ change_grants}
    groups |= {g for _, g, _ in other_plan_grants | other_task_grants}
    names = _group_names(groups)
    plan_ids = (
        {p for p, _ in partners ^ view_grants}
        | {p for p, _, _ in other_plan_grants}
        | set(task_plans.values())
    )
    references = dict(Plan.objects.filter(pk__in=plan_ids).values_list("pk", "reference"))

    found = []
    for plan, group in partners - view_grants:
        found.append(
            Mismatch(
                references[plan], None, f"{names[group]} is a partner but its group has no view_plan grant"
            )
        )
    for plan, group in view_grants - partners:
        found.append(Mismatch(references[plan], None, f"{names[group]} holds view_plan but is not a partner"))
    for plan, group, _perm in other_plan_grants:
        found.append(
            Mismatch(references[plan], None, f"{names[group]} holds a plan grant other than view_plan")
        )
    for task, group in expected_task - change_grants:
        found.append(
            Mismatch(
                references[task_plans[task]],
                task,
                f"assigned to {names[group]}, a partner on the plan or a police team, whose group has no change_task grant",
            )
        )
    for task, group in change_grants - expected_task:
        found.append(
            Mismatch(
                references[task_plans[task]],
                task,
                f"{names[group]} holds change_task but the task is not its, or it is not on the plan",
            )
        )
    for task, group, _perm in other_task_grants:
        found.append(
            Mismatch(
                references[task_plans[task]],
                task,
                f"{names[group]} holds a task grant other than change_task",
            )
        )
    # Grants the selectors never read: to a single user, or in guardian's generic tables.
    for model, label in ((PlanUserObjectPermission, "plan"), (TaskUserObjectPermission, "task")):
        count = model.objects.count()
        if count:
            found.append(
                Mismatch(
                    "-", None, f"{count} {label} grant(s) to single users: partners are granted by group"
                )
            )
    for model, generic in (
        (Plan, GroupObjectPermission),
        (Plan, UserObjectPermission),
        (Task, GroupObjectPermission),
        (Task, UserObjectPermission),
    ):
        count = generic.objects.filter(content_type=ContentType.objects.get_for_model(model)).count()
        if count:
            found.append(
                Mismatch(
                    "-",
                    None,
                    f"{count} {model._meta.model_name} grant(s) in guardian's generic {generic._meta.model_name} "
                    "table, which the selectors do not read",
                )
            )
    return sorted(found, key=lambda m: (m.plan, m.task_id or 0, m.problem))
