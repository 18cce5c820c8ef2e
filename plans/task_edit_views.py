"""A task's own forms: create, edit, reassign. Thin: bind the form, call the service
(plans.task_services); who may see is decided by the selectors (404), who may act by the
services' checks (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partners.forms import add_service_errors, base_for, conflict_rows, rebased

from . import task_forms as forms
from . import task_services
from .submissions import AlreadySubmitted, sent_twice
from .task_views import (
    REFUSALS,
    plan_page_url,
    plan_to_manage,
    post_data,
    record_view,
    task_to_manage,
)


def _tell_assigned(request, task, done: str) -> None:
    """The success message after assigning a task, saying whether its leads were emailed."""
    notification = getattr(task, "notification", None)  # set once the email was tried (plans.task_services)
    if notification == "failed":
        messages.warning(
            request, f"{done}, but the email to its leads could not be sent: please let them know yourself"
        )
    elif notification == "no recipients":
        messages.warning(request, f"{done}, but none of its leads has an email address: please let them know")
    elif notification == "sent":
        messages.success(request, f"{done}. Its leads have been emailed")
    else:
        messages.success(request, done)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, pk):
    plan = plan_to_manage(request, pk, action="task.assign")
    form = forms.TaskForm(post_data(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = task_services.task_create(
                actor=request.user,
                plan=plan,
                title=data["title"],
                description=data["description"],
                organisation=data["organisation"],
                assignee=data["assignee"],
                due_date=data["due_date"],
                response=data["response"],
                submission=form.submission_token(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except AlreadySubmitted:
            return sent_twice(request, plan_page_url(plan))
        else:
            _tell_assigned(request, task, f"Task assigned to {task.organisation.name}")
            return redirect(plan_page_url(plan))
    return render(
        request,
        "tasks/task_form.html",
        {
            "plan": plan,
            "form": form,
            "page_title": "Create a task",
            "button": "Create the task",
            "back": plan_page_url(plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = task_to_manage(request, pk, action="task.update")
    initial = {
        "title": task.title,
        "description": task.description,
        "due_date": task.due_date,
        "response": task.response_id,
        "version": task.version,
        "base": base_for(task, task_services.TASK_EDIT_FIELDS),
    }
    form = forms.TaskEditForm(post_data(request), initial=initial, plan=task.plan)
    record_view(request, task)  # the form shows the task's title and description
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            task_services.task_update(actor=request.user, task=task, base=form.edit_base(), **form.values())
        except task_services.TaskEditConflict as exc:
            # With the values the user saw, the page sets theirs beside the user's; without, it says
            # what differs from what was typed.
            merging = form.edit_base() is not None
            conflict = {"title": str(exc), "rows": conflict_rows(form, exc)} if merging else True
            # Keep what the user typed; the next save is based on the version now saved.
            form = forms.TaskEditForm(rebased(request.POST, form, exc), initial=initial, plan=task.plan)
            form.is_valid()
            form.drawn_after_conflict()
            if not merging:
                form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The task has been updated")
            return redirect("tasks:detail", pk=task.pk)
    return render(
        request,
        "tasks/task_form.html",
        {
            "plan": task.plan,
            "task": task,
            "form": form,
            "page_title": "Edit the task",
            "button": "Save the task",
            "back": reverse("tasks:detail", args=[task.pk]),
            "conflict": conflict if isinstance(conflict, dict) else None,
        },
        status=409 if conflict else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_reassign(request, pk):
    task = task_to_manage(request, pk, action="task.reassign")
    form = forms.ReassignForm(
        post_data(request),
        initial={"organisation": task.organisation_id, "assignee": task.assignee_id},
        plan=task.plan,
    )
    record_view(request, task)
    if request.method == "POST" and form.is_valid():
        try:
            task = task_services.task_reassign(actor=request.user, task=task, **form.cleaned_data)
        except REFUSALS as exc:
            add_service_errors(form, exc)
        else:
            _tell_assigned(request, task, f"The task is now assigned to {task.organisation.name}")
            return redirect("tasks:detail", pk=task.pk)
    return render(
        request,
        "tasks/task_form.html",
        {
            "plan": task.plan,
            "task": task,
            "form": form,
            "page_title": "Reassign the task",
            "button": "Reassign the task",
            "back": reverse("tasks:detail", args=[task.pk]),
        },
    )
