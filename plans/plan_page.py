"""The plan page's presentation: what plans/detail.html shows, built from the plan and who
is looking. The stage tracker, the sections' rows (police-only ones left out for partners), the
forward step and the others this user may take, and the task panel (partners, tasks by
response, comments). The view records the consultation and renders; the reads that could leak
go through the selectors this module calls.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from audit.selectors import stage_withdrawn_from
from hotspots.selectors import plan_assess_context
from partners.permissions import may
from partners.roles import is_police, partner_group_ids, permission_id

from . import workflow
from .models import (
    CONDITIONS,
    ClosureRequest,
    Plan,
    PlanPartner,
    Response,
    Stage,
    Task,
    TaskGroupObjectPermission,
    TaskState,
)
from .permissions import TRANSITION_PERMISSIONS, WHO_MAY, owns_plan
from .stage_check import CHECKED
from .task_forms import comment_form
from .task_selectors import comments_visible_to
from .timeline import latest_activity


def plan_page_context(*, plan: Plan, user) -> dict:
    """Everything plans/detail.html shows of this plan to this user; of its history, the
    latest activity (plans.timeline.latest_activity: the whole history has a page of its own)."""
    can_edit = may(user, "plans.edit_plan", plan)
    police = is_police(user)
    forward = FORWARD.get(plan.state)
    forward_unmet = plan.unmet_conditions(forward) if forward else []
    transitions = workflow.transitions_for(plan, user, known={forward: forward_unmet} if forward else None)
    for step in transitions:  # a move that changes what partners see is checked on a page first
        page = "plans:stage_check" if step["info"].name in CHECKED else "plans:transition"
        step["href"] = reverse(page, kwargs={"pk": plan.pk, "name": step["info"].name})
    closure = closure_context(plan=plan, user=user, police=police, forward_unmet=forward_unmet)
    forward_who = ""
    if forward and not any(t["info"].name == forward for t in transitions):
        forward_who = WHO_MAY[TRANSITION_PERMISSIONS[forward]]
    context = {
        "plan": plan,
        "police": police,
        "forward": workflow.TRANSITIONS[forward] if forward else None,
        "forward_unmet": forward_unmet,
        "forward_unmet_links": condition_links(plan, forward_unmet, can_edit=can_edit),
        "forward_who": forward_who,
        **closure,
        **sections(plan, police),
        "can_edit": can_edit,
        "today": timezone.localdate(),
        "can_review_retention": may(user, "plans.review_retention_now", plan),
        "transitions": transitions,
        **latest_activity(plan=plan, user=user),
    }
    context.update(plan_panel_context(plan=plan, user=user))
    tasks = [task for group in context["tasks_panel"].groups for task in group.tasks]
    context["sections_list"] = section_task_list(plan, tasks)
    context.update(plan_assess_context(plan=plan, user=user))
    return context


def closure_context(*, plan: Plan, user, police: bool, forward_unmet: list[str]) -> dict:
    """The plan's latest closure request (police only: its note is written to managers) and
    whether this user may ask for one now."""
    latest = None
    if police:
        latest = (
            ClosureRequest.objects.filter(plan=plan).select_related("requested_by", "answered_by").first()
        )
    waiting = latest is not None and latest.status == ClosureRequest.Status.WAITING
    return {
        "closure": latest,
        "closure_waiting": waiting,
        "can_ask_to_close": (
            not waiting
            and not forward_unmet
            and plan.state == Stage.ASSESS
            and may(user, "plans.ask_to_close", plan)
        ),
        "can_answer_closure": waiting and may(user, "plans.decide_plan", plan),
    }


# Where each unmet condition is met: (section form and its field) or a page of the plan's own.
# A user who may not edit the plan is sent to the section of the plan page instead.
CONDITION_FIXES = {
    "Write the problem statement": ("edit", "scan", "problem_statement"),
    "Choose the hotspot area": ("edit", "scan", "area"),
    "Add at least one source": ("plans:source_add", "scan", ""),
    "Write the victim side of the problem analysis triangle": ("edit", "analyse", "pat_victim"),
    "Write the offender side of the problem analysis triangle": ("edit", "analyse", "pat_offender"),
    "Write the location side of the problem analysis triangle": ("edit", "analyse", "pat_location"),
    "Add at least one SMART objective with a baseline": ("plans:objective_add", "analyse", ""),
    "Add at least one response with a task": ("detail", "respond", ""),
    "Finish or cancel every task that is still open or in progress": ("detail", "tasks", ""),
    "Choose the outcome verdict": ("edit", "assess", "outcome_verdict"),
    "Write the outcome summary": ("edit", "assess", "outcome_summary"),
    "Give a reason": ("form", "", "reason"),
}


def condition_links(plan: Plan, unmet: list[str], *, can_edit: bool) -> list[dict]:
    """Each unmet condition with a link to where it is met (the field, the form or the section)."""
    detail = reverse("plans:detail", kwargs={"pk": plan.pk})
    links = []
    for text in unmet:
        page, section, field_name = CONDITION_FIXES.get(text, ("detail", "", ""))
        if page == "form":  # a field of the page the user is on
            href = f"#id_{field_name}"
        elif page == "edit" and can_edit:
            href = reverse("plans:edit", kwargs={"pk": plan.pk, "section": section}) + f"#id_{field_name}"
        elif page.startswith("plans:") and can_edit:
            href = reverse(page, kwargs={"pk": plan.pk})
        else:
            href = detail + (f"#{section}" if section else "")
        links.append({"text": text, "href": href})
    return links


# The plan's SARA sections as a GOV.UK task list: each section's status from what is written in
# it (GOV.UK's words: "Completed", "In progress", "Not yet started"), what is still missing as its
# hint, and where the plan is now.
SECTION_ORDER = [
    (Stage.SCAN, "Scan: the problem", "start_analysis"),
    (Stage.ANALYSE, "Analyse: why it happens here", "start_response"),
    (Stage.RESPOND, "Respond: what each agency will do", "start_assessment"),
    (Stage.ASSESS, "Assess: did it work?", "close"),
]
_STARTED = {
    Stage.SCAN: lambda plan, tasks: bool(
        _written(plan.problem_statement) or plan.area_id or plan.sources.all()
    ),
    Stage.ANALYSE: lambda plan, tasks: bool(
        any(
            _written(getattr(plan, name))
            for name in (
                "pat_victim",
                "pat_guardian",
                "pat_offender",
                "pat_handler",
                "pat_location",
                "pat_place_manager",
                "data_findings",
                "hypothesis",
            )
        )
        or plan.objectives.all()
    ),
    Stage.RESPOND: lambda plan, tasks: bool(plan.responses.all() or tasks),
    Stage.ASSESS: lambda plan, tasks: any(
        _written(getattr(plan, name))
        for name in ("process_evaluation", "outcome_summary", "outcome_verdict", "lessons_learned")
    ),
}


def _written(value) -> bool:
    return bool(value and str(value).strip())


def _respond_unmet(tasks: list) -> list[str]:
    """Plan.unmet_conditions("start_assessment") from the tasks the page has already read."""
    with_task, unfinished = CONDITIONS["start_assessment"]
    unmet = []
    if not any(task.response_id is not None for task in tasks):
        unmet.append(with_task[1])
    if any(task.state in (TaskState.OPEN, TaskState.IN_PROGRESS) for task in tasks):
        unmet.append(unfinished[1])
    return unmet


def section_task_list(plan: Plan, tasks: list) -> list[dict]:
    """The SARA sections with their GOV.UK task list status and hint, for the plan page."""
    where = plan.state
    if plan.state == Stage.WITHDRAWN:
        where = stage_withdrawn_from(plan)
    rows = []
    for stage, name, leaving in SECTION_ORDER:
        unmet = _respond_unmet(tasks) if stage == Stage.RESPOND else plan.unmet_conditions(leaving)
        if not unmet:
            status = "Completed"
        elif _STARTED[stage](plan, tasks):
            status = "In progress"
        else:
            status = "Not yet started"
        hints = []
        if stage == where:
            hints.append(
                "Withdrawn at this stage" if plan.state == Stage.WITHDRAWN else "The plan is at this stage"
            )
        if unmet:
            hints.append(
                f"Still to do: {unmet[0][0].lower()}{unmet[0][1:]}"
                + (f" and {len(unmet) - 1} more" if len(unmet) > 1 else "")
            )
        rows.append({"stage": stage, "name": name, "status": status, "hint": ". ".join(hints)})
    return rows


FORWARD = {
    Stage.SCAN: "start_analysis",
    Stage.ANALYSE: "start_response",
    Stage.RESPOND: "start_assessment",
    Stage.ASSESS: "close",
}


def _rows(plan: Plan, fields: list[tuple[str, str]]) -> list[dict]:
    rows = []
    for name, label in fields:
        display = getattr(plan, f"get_{name}_display", None)
        value = display() if display else getattr(plan, name)
        if isinstance(value, datetime.date):
            value = date_format(value, "j F Y")
        rows.append({"label": label, "value": value})
    return rows


def sections(plan: Plan, police: bool) -> dict:
    analyse = [
        ("pat_victim", "Victim"),
        ("pat_guardian", "Guardian"),
        ("pat_offender", "Offender"),
        ("pat_handler", "Handler"),
        ("pat_location", "Location"),
        ("pat_place_manager", "Place manager"),
        ("data_findings", "Data findings"),
        ("hypothesis", "Working hypothesis"),
    ]
    # Police-only fields are left out of the context altogether for partners, not hidden.
    police_rows = (
        _rows(
            plan,
            [
                ("victim_details", "Victim details"),
                ("offender_details", "Offender details"),
                ("police_notes", "Intelligence notes"),
            ],
        )
        if police
        else []
    )
    return {
        "scan_rows": _rows(
            plan,
            [
                ("problem_statement", "Problem statement"),
                ("hotspot_name", "Hotspot"),
                ("area", "Hotspot area"),
                ("priority", "Priority"),
                ("first_seen", "First seen"),
            ],
        ),
        "analyse_rows": _rows(plan, analyse),
        "police_rows": police_rows,
        "assess_rows": _rows(
            plan,
            [
                ("process_evaluation", "Process evaluation"),
                ("outcome_summary", "Outcome summary"),
                ("outcome_verdict", "Outcome verdict"),
                ("lessons_learned", "Lessons learned"),
            ],
        ),
    }


# The task panel ------------------------------------------------------------------------


@dataclass
class ResponseGroup:
    response: Response | None
    tasks: list = field(default_factory=list)


@dataclass
class PlanPanel:
    plan: Plan
    partners: list
    groups: list
    comments: list
    can_manage: bool
    can_comment: bool
    can_post_police_only: bool
    is_police: bool
    comment_form: object = None


def plan_panel_context(*, plan: Plan, user) -> dict:
    """Context for templates/tasks/_plan_panel.html: partners, tasks by response, comments.

    A fixed number of queries however many tasks and comments the plan has.
    """
    police = is_police(user)
    owner = owns_plan(user, plan)
    can_manage = may(user, "plans.manage_tasks", plan)
    partners = list(PlanPartner.objects.filter(plan=plan).select_related("organisation"))
    tasks = list(Task.objects.filter(plan=plan).select_related("organisation").order_by("due_date", "pk"))
    # "plans.update_task" for every task at once: the owner's, or the grants of the user's groups.
    actionable = set()
    if not owner and tasks:
        actionable = set(
            TaskGroupObjectPermission.objects.filter(
                content_object__plan=plan,
                permission_id=permission_id("plans.change_task"),
                group_id__in=partner_group_ids(user),
            ).values_list("content_object_id", flat=True)
        )
    groups = {None: ResponseGroup(response=None)}
    ordered = []
    # plan.responses.all() reads the plan page's prefetch when there is one.
    for response in sorted(plan.responses.all(), key=lambda r: r.pk):
        groups[response.pk] = ResponseGroup(response=response)
        ordered.append(groups[response.pk])
    for task in tasks:
        task.plan = plan  # is_overdue reads it: the plan in hand, not one query per task
        task.can_act = owner or task.pk in actionable
        task.can_cancel = task.can_change and may(user, "plans.cancel_task", task)
        groups.get(task.response_id, groups[None]).tasks.append(task)
    if groups[None].tasks:
        ordered.append(groups[None])
    # "plans.comment", from the partners read above rather than a query of its own.
    on_plan = police or bool(
        partners and {p.organisation.group_id for p in partners} & set(partner_group_ids(user))
    )
    panel = PlanPanel(
        plan=plan,
        partners=partners,
        groups=ordered,
        comments=list(comments_visible_to(user, plan)),
        can_manage=can_manage,
        # A finished plan whose personal data was disposed of takes no new comments (plans.comment_services).
        can_comment=on_plan and (plan.is_open or not plan.personal_data_disposed),
        can_post_police_only=may(user, "plans.comment_police_only", plan),
        is_police=police,
    )
    if panel.can_comment:
        panel.comment_form = comment_form(police=police, auto_id="panel-comment-%s")
    return {"tasks_panel": panel, "task_states": TaskState}
