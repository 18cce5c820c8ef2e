"""Task pages: our tasks, a task, its row's state changes and a plan's task panel, with the
helpers the other task pages share (partner_views, comment_views, evidence_views,
task_edit_views). Thin: bind the form, call the service.

Who may see an object is decided by the selectors (404 otherwise); who may act, by the same
checks the services make (403). Every form works as a plain POST; htmx only swaps a task row.

A page that shows a task (its title, notes or evidence: the plan's content) records a
consultation of its plan when it is read with GET (plans.consultation_services.task_record_view,
tasks_record_list_view). A form shown again after a refused POST, and the task row an htmx POST
gets back, record none: the page the form was on recorded it, and the POST's change, if any,
is its own event.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from partners.forms import add_service_errors
from partners.permissions import may, require_for_request

from . import consultation_services, task_services
from . import services as plan_services
from . import task_forms as forms
from .models import TaskState
from .plan_page import plan_panel_context
from .selectors import plan_for_user_or_404
from .service_support import TaskStateError
from .task_links import task_links
from .task_selectors import (
    our_task_counts,
    our_tasks,
    task_evidence,
    task_for_user_or_404,
    task_holders_of,
    task_rows,
)

# A row carries its update forms: a page of them stays quick to load and to read.
OUR_TASKS_PAGE_SIZE = 25


def post_data(request):
    """The POST data of a POST, even an empty one (an empty form must still bind)."""
    return request.POST if request.method == "POST" else None


def post_files(request):
    return request.FILES if request.method == "POST" else None


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def plan_page_url(plan, anchor: str = "tasks") -> str:
    """The plan's own page, where the task panel is shown."""
    return reverse("plans:detail", args=[plan.pk]) + f"#{anchor}"


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def plan_to_manage(request, pk, *, action: str):
    """The plan if this user sees it (404 otherwise) and manages its partners and tasks (403, recorded)."""
    plan = plan_for_user_or_404(request.user, pk)
    require_for_request(request, "plans.manage_tasks", plan, action=action, plan=plan)
    return plan


def task_to_manage(request, pk, *, action: str):
    """The task if this user sees it (404 otherwise) and manages its plan's tasks (403, recorded)."""
    task = task_for_user_or_404(request.user, pk)
    require_for_request(request, "plans.manage_tasks", task.plan, action=action, target=task, plan=task.plan)
    return task


# What a task service refuses with: bad values, or a task no longer in a state that allows it.
REFUSALS = (ValidationError, TaskStateError)


# The partners, tasks and comments of a plan ----------------------------------------------


@login_required
@require_GET
def plan_tasks(request, pk):
    """The partners, tasks and comments of one plan (also shown on the plan's own page)."""
    plan = plan_for_user_or_404(request.user, pk)
    plan_services.plan_record_view(actor=request.user, plan=plan)
    return render(
        request, "tasks/plan_tasks.html", {"plan": plan, **plan_panel_context(plan=plan, user=request.user)}
    )


# Tasks: pages and state changes -------------------------------------------------------


def _row_forms(task, bound=None, name=None, *, only=None) -> dict:
    """The update forms of a task row, ids unique per task; `bound` replaces the one that failed.

    None for a task that cannot change (finished, or on a plan that has ended): a page of finished
    tasks builds no forms.
    """
    if not task.can_change:
        return {}
    auto_id = f"task-{task.pk}-%s"
    kinds = {"block": forms.BlockForm, "complete": forms.CompleteForm}
    row = {
        kind: form_class(auto_id=f"{auto_id}-{kind}")
        for kind, form_class in kinds.items()
        if only is None or kind == only  # `only`: the one form a task row has open
    }
    if bound is not None and name in row:
        row[name] = bound
    return row


@login_required
@require_GET
def ours(request):
    """The organisation's tasks across plans, a page at a time: to do (overdue first, each with its
    update forms) or, under ?show=finished, what is finished, latest first."""
    finished = request.GET.get("show") == "finished"
    counts = our_task_counts(request.user)
    paginator = Paginator(our_tasks(request.user, finished=finished), OUR_TASKS_PAGE_SIZE)
    paginator.count = counts["finished" if finished else "to_do"]  # counted above, with the tabs
    page = paginator.get_page(request.GET.get("page"))
    tasks = task_rows(page.object_list, finished=finished)
    # One consultation per plan the page shows tasks of, in one statement (see the service).
    consultation_services.tasks_record_list_view(actor=request.user, tasks=tasks)
    return render(
        request,
        "tasks/ours.html",
        {
            "rows": [_row(task) for task in tasks],
            "holders": task_holders_of(request.user),
            "page": page,
            "counts": counts,
            "finished": finished,
            "query": "show=finished" if finished else "",
            "next": request.get_full_path(),
        },
    )


@login_required
@require_GET
def detail(request, pk):
    task = task_for_user_or_404(request.user, pk)
    consultation_services.task_record_view(actor=request.user, task=task)
    can_update = may(request.user, "plans.update_task", task)
    context = {
        "task": task,
        "plan": task.plan,
        "plan_url": plan_page_url(task.plan),
        "can_update": can_update and task.can_change,
        "can_manage": may(request.user, "plans.manage_tasks", task.plan),
        "can_cancel": task.can_change and may(request.user, "plans.cancel_task", task),
        "can_add_evidence": can_update and task.state != TaskState.CANCELLED and task.plan.is_open,
        "evidence": task_evidence(request.user, task, can_add=can_update),
        "forms": _row_forms(task),
        "links": task_links(task.pk),
        "next": request.get_full_path(),
    }
    return render(request, "tasks/detail.html", context)


TRANSITIONS = {
    # name: (form, service, arguments from the form, success message, permission, page title, button)
    "start": (
        forms.StartForm,
        task_services.task_start,
        lambda d: {},
        "Task started",
        "plans.update_task",
        "Start the task",
        "Start",
    ),
    "block": (
        forms.BlockForm,
        task_services.task_block,
        lambda d: {"reason": d["reason"]},
        "Task marked as blocked",
        "plans.update_task",
        "Mark the task as blocked",
        "Mark as blocked",
    ),
    "resume": (
        forms.ResumeForm,
        task_services.task_resume,
        lambda d: {},
        "Task resumed",
        "plans.update_task",
        "Resume the task",
        "Resume",
    ),
    "complete": (
        forms.CompleteForm,
        task_services.task_complete,
        lambda d: {"note": d["note"], "evidence": d.get("evidence")},
        "Task completed",
        "plans.update_task",
        "Complete the task",
        "Mark as done",
    ),
    "cancel": (
        forms.CancelForm,
        task_services.task_cancel,
        lambda d: {"reason": d["reason"]},
        "Task cancelled",
        "plans.cancel_task",
        "Cancel the task",
        "Cancel the task",
    ),
}


def _row(task, *, bound=None, name=None, done_message="", opened=False) -> dict:
    """A task row of "Our tasks". Its "Mark as done" and "Mark as blocked" are links to their
    pages (htmx opens the form in the row instead): drawing both forms in each of 25 rows was
    most of the page's time. A form is drawn in the row only once opened there, or sent with a
    problem (`bound`)."""
    open_form = name if (bound is not None or opened) else None
    return {
        "task": task,
        "links": task_links(task.pk),
        "forms": _row_forms(task, bound, name, only=open_form) if open_form else {},
        "can_act": task.can_change,
        "open": open_form,
        "element_id": f"task-{task.pk}",
        "target": f"#task-{task.pk}",
        "done_message": done_message,
    }


def record_view(request, task) -> None:
    """A GET of a page showing this task is a consultation of its plan (after the checks above)."""
    if request.method == "GET":
        consultation_services.task_record_view(actor=request.user, task=task)


def _render_row(request, task, *, bound=None, name=None, done_message="", opened=False):
    # An htmx request gets its row back: no consultation, the page holding the row recorded one.
    task = task_for_user_or_404(request.user, task.pk)
    row = _row(task, bound=bound, name=name, done_message=done_message, opened=opened)
    return render(
        request, "tasks/_task_row.html", {"row": row, "next": _next_url(request, reverse("tasks:ours"))}
    )


def _transition_view(name):
    form_class, service, arguments, success, permission, title, button = TRANSITIONS[name]

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        task = task_for_user_or_404(request.user, pk)
        require_for_request(request, permission, task, action=f"task.{name}", plan=task.plan)
        if request.method == "GET" and _is_htmx(request) and name in ("block", "complete"):
            return _render_row(request, task, name=name, opened=True)  # the form, opened in its row
        record_view(request, task)  # the form page names the task and its plan
        auto_id = f"task-{task.pk}-%s-{name}" if _is_htmx(request) else "id_%s"
        form = form_class(post_data(request), post_files(request), auto_id=auto_id)
        if request.method == "POST" and form.is_valid():
            try:
                task = service(actor=request.user, task=task, **arguments(form.cleaned_data))
            except REFUSALS as exc:
                add_service_errors(form, exc)
            else:
                if _is_htmx(request):
                    return _render_row(request, task, done_message=success)
                messages.success(request, success)
                return redirect(_next_url(request, reverse("tasks:detail", args=[task.pk])))
        if request.method == "POST" and _is_htmx(request):
            return _render_row(request, task, bound=form, name=name)
        return render(
            request,
            "tasks/transition_form.html",
            {
                "task": task,
                "form": form,
                "page_title": title,
                "button": button,
                "name": name,
                "next": _next_url(request, ""),
                "back": reverse("tasks:detail", args=[task.pk]),
            },
        )

    view.__name__ = f"task_{name}"
    view.__doc__ = f"{title}: GET shows the form, POST changes the task (htmx gets the task row back)."
    return view


task_start = _transition_view("start")
task_block = _transition_view("block")
task_resume = _transition_view("resume")
task_complete = _transition_view("complete")
task_cancel = _transition_view("cancel")
