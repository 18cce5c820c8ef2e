"""What the services of partners on a plan, tasks, evidence and comments share.

Each of those services: permission check first (partners.permissions.require: a refusal is
logged outside the transaction, then Refused), then one transaction holding the row lock, the change and exactly one
audit event.
"""

from .models import Plan, Task


class TaskStateError(Exception):
    """The task (or its plan) is not in a state that allows this; the message says why."""


def lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def lock_task(task: Task) -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    locked.plan = Plan.objects.get(pk=locked.plan_id)
    return locked
