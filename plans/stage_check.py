"""What a stage move that changes what partners see will do, in plain words: the check page
shown before "Start the response", "Close the plan" and "Withdraw the plan"
(plans.stage_check_views). Reads only; the move itself is plans.services.plan_transition.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localdate

from partners.permissions import may

from .models import ClosureRequest, PlanPartner, Stage, Task, TaskState, retention_review_from

# The moves whose button goes through the check page first.
CHECKED = ("start_response", "close", "withdraw")


@dataclass
class StageCheck:
    lead: str  # one sentence: what happens to the plan
    rows: list = field(default_factory=list)  # the summary list: key, value lines, change link
    partner_rows: list = field(default_factory=list)  # one row per partner organisation
    tasks: list = field(default_factory=list)  # the tasks this move makes active, or stops
    tasks_heading: str = ""
    tasks_none: str = ""


def _row(key: str, *lines: str, href: str = "", hidden: str = "") -> dict:
    return {
        "key": key,
        "lines": [line for line in lines if line],
        "href": href,
        "hidden": hidden or key.lower(),
    }


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _names(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _titles(tasks) -> str:
    return _names([f"\u201c{task.title}\u201d" for task in tasks])


def stage_check(*, plan, name: str, user, reason: str = "") -> StageCheck:
    """What moving this plan by `name` would do, for the check page."""
    partners = [
        link.organisation for link in PlanPartner.objects.filter(plan=plan).select_related("organisation")
    ]
    tasks = list(Task.objects.filter(plan=plan).select_related("organisation").order_by("due_date", "pk"))
    unfinished = [task for task in tasks if task.state not in (TaskState.DONE, TaskState.CANCELLED)]
    can_manage = may(user, "plans.manage_tasks", plan)
    can_edit = may(user, "plans.edit_plan", plan)
    detail = reverse("plans:detail", kwargs={"pk": plan.pk})
    by_org: dict[int, list] = {}
    for task in unfinished:
        by_org.setdefault(task.organisation_id, []).append(task)

    check = StageCheck(lead="")
    check.rows.append(_row("Plan", f"{plan.reference} {plan.title}"))
    target = {"start_response": Stage.RESPOND, "close": Stage.CLOSED, "withdraw": Stage.WITHDRAWN}[name]
    check.rows.append(_row("Stage", f"{plan.get_state_display()} now, {Stage(target).label} after this step"))
    if name == "withdraw":
        check.rows.append(_row("Reason", reason or "Not given", href="?change=reason", hidden="reason"))

    if name == "start_response":
        check.lead = (
            "The plan moves to Respond: the partners carry out their tasks, and the plan cannot move "
            "to Assess until every task is done or cancelled."
        )
        for org in partners:
            own = by_org.get(org.pk, [])
            if own:
                what = (
                    f"Will see the plan in Respond. {_count(len(own), 'task', 'tasks')} to do, "
                    f"on their \u201cOur tasks\u201d page: {_titles(own)}."
                )
            else:
                what = "Will see the plan in Respond. No task for them yet: give them one from the plan page."
            check.partner_rows.append(
                _row(
                    org.name,
                    what,
                    href=detail + "#tasks" if can_manage else "",
                    hidden=f"tasks of {org.name}",
                )
            )
        check.tasks = unfinished
        check.tasks_heading = "Tasks the partners will carry out"
        check.tasks_none = "No task yet: the plan needs at least one response with a task before Assess."
    else:
        if name == "close":
            check.lead = (
                "The plan closes: its outcome is final, nothing on it can change and its tasks stay as "
                "they are. A manager can reopen it later, with a reason."
            )
        else:
            check.lead = (
                "The plan is withdrawn: it is abandoned, nothing on it can change again and it cannot be "
                "reopened. Its unfinished tasks stop where they are."
            )
        for org in partners:
            own = by_org.get(org.pk, [])
            lines = [
                f"Will still see the plan, marked {Stage(target).label.lower()}, but can no longer update its "
                "tasks or add evidence to them."
            ]
            if own:
                lines.append(
                    f"{_count(len(own), 'unfinished task leaves', 'unfinished tasks leave')} the tasks to do "
                    f"on their \u201cOur tasks\u201d page: {_titles(own)}."
                )
            check.partner_rows.append(_row(org.name, *lines))
        check.tasks = unfinished
        check.tasks_heading = "Tasks that stop unfinished"
        check.tasks_none = "None: every task is done or cancelled."
        if name == "close":
            verdict = plan.get_outcome_verdict_display() or "Not chosen"
            edit_assess = (
                reverse("plans:edit", kwargs={"pk": plan.pk, "section": "assess"}) if can_edit else ""
            )
            check.rows.append(
                _row("Outcome verdict", verdict, href=edit_assess and edit_assess + "#id_outcome_verdict")
            )
            check.rows.append(
                _row(
                    "Outcome summary",
                    plan.outcome_summary or "Not written",
                    href=edit_assess and edit_assess + "#id_outcome_summary",
                )
            )
        waiting = ClosureRequest.objects.filter(plan=plan, status=ClosureRequest.Status.WAITING).first()
        if waiting is not None:
            requester = waiting.requested_by.get_full_name() or waiting.requested_by.username
            answer = "answered: the plan is closed" if name == "close" else "withdrawn"
            check.rows.append(
                _row("Closure request", f"{requester}\u2019s request to close the plan is {answer}.")
            )
        review = retention_review_from(localdate())
        check.rows.append(
            _row(
                "Review for retention",
                f"{date_format(review, 'j F Y')}: a manager then keeps the plan or disposes of its personal data.",
            )
        )
    if not partners:
        check.partner_rows.append(
            _row("No partner organisation", "No partner is on this plan: no partner sees it.")
        )
    return check
