"""Consultations of tasks: a task's title, description, notes and evidence are the plan's
content, so a page showing them is a consultation of the plan (PRODUCT.md, Audit trail),
recorded with the plan, so the audit search by plan finds it. Each has its own action
(`task.view`, `tasks.list_view`), not the plan page's `plan.view`: the plan's history counts
"Viewed the plan" from the plan's own pages only (issue 23), and the trail keeps every one."""

from audit.services import log_event, log_events

from .models import Plan, Task


def task_record_view(*, actor, task: Task) -> None:
    """Record that this user consulted a task's page (the task, or a form about it): `task.view`
    on the task's plan, naming the task as what was seen. The caller has checked they see it."""
    log_event(action="task.view", actor=actor, target=task, plan=task.plan)


def tasks_record_list_view(*, actor, tasks) -> list:
    """Record that this user consulted a list of tasks ("Our tasks"): one `tasks.list_view` per plan
    the list shows tasks of, naming the plan and which of its tasks were shown.

    One event per plan rather than one per page, so a plan's timeline and the search by plan
    find every consultation of it; and per plan rather than per task, so a page of 25 tasks
    writes at most 25 events (usually a few). Written in one statement (audit.services.log_events):
    the page's query count does not grow with the number of plans on it.
    """
    by_plan: dict[int, tuple[Plan, list[int]]] = {}
    for task in tasks:
        by_plan.setdefault(task.plan_id, (task.plan, []))[1].append(task.pk)
    return log_events(
        {
            "action": "tasks.list_view",
            "actor": actor,
            "target": plan,
            "plan": plan,
            "changes": {"tasks": [None, ids]},
        }
        for plan, ids in by_plan.values()
    )
