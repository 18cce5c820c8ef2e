"""What the services of partners on a plan, tasks, evidence and comments share.

Each of those services: permission check first (a refusal is logged outside the transaction,
then PermissionDenied), then one transaction holding the row lock, the change and exactly one
audit event.
"""

from django.core.exceptions import PermissionDenied

from audit.services import log_refused

from .models import Plan, Task


class TaskStateError(Exception):
    """The task (or its plan) is not in a state that allows this; the message says why."""


def refuse(*, action: str, actor, target, plan, reason: str):
    log_refused(action=action, actor=actor, target=target, plan=plan, reason=reason)
    raise PermissionDenied(reason)


def lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def lock_task(task: Task) -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    locked.plan = Plan.objects.get(pk=locked.plan_id)
    return locked
