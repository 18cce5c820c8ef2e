"""What the services of plans, their parts, partners, tasks, evidence and comments share.

Each of those services: permission check first (partners.permissions.require: a refusal is
logged outside the transaction, then Refused), then one transaction holding the row lock, the change and exactly one
audit event.
"""

import datetime

from partners.permissions import require

from .models import Plan, Task


class TaskStateError(Exception):
    """The task (or its plan) is not in a state that allows this; the message says why."""


def lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def lock_task(task: Task) -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    locked.plan = Plan.objects.get(pk=locked.plan_id)
    return locked


def audit_value(value):
    """A value as an audit event records it: a record by its name, a date in ISO form."""
    if hasattr(value, "pk") and not isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def require_editor(*, actor, plan: Plan, action: str, target=None) -> None:
    """Refuse, audited and outside any transaction, unless the actor may edit the plan."""
    require(actor, "plans.edit_plan", plan, action=action, target=target, plan=plan)
