"""Pages for partners correcting themselves: reopen a task marked done by mistake, remove an
evidence file. Each finds the record through a selector, checks the rule, calls
plans.task_fix_services and redirects to the task."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partners.forms import GovukFormMixin
from partners.permissions import require_for_request

from . import task_fix_services
from .service_support import TaskStateError
from .task_selectors import attachment_for_user_or_404, task_for_user_or_404


class ReopenForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label="Why are you reopening it?",
        help_text="The plan's owner is emailed this reason, and it is kept in the plan's history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are reopening the task"},
    )


class RemoveEvidenceForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=2000,
        required=False,
        label="Why are you removing it? (optional)",
        help_text="Kept in the plan's history with the file's name.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_reopen(request, pk):
    task = task_for_user_or_404(request.user, pk)
    require_for_request(request, "plans.reopen_task", task, action="task.reopen", plan=task.plan)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task_fix_services.task_reopen(actor=request.user, task=task, reason=form.cleaned_data["reason"])
        except TaskStateError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"\u201c{task.title}\u201d is in progress again. The plan's owner has been told."
            )
            return redirect("tasks:detail", pk=task.pk)
    return render(
        request,
        "tasks/reopen_form.html",
        {"task": task, "form": form, "back": reverse("tasks:detail", args=[task.pk])},
    )


@login_required
@require_http_methods(["GET", "POST"])
def attachment_remove(request, pk):
    attachment = attachment_for_user_or_404(request.user, pk)
    task = attachment.task
    require_for_request(
        request,
        "plans.remove_evidence",
        attachment,
        action="attachment.remove",
        target=attachment,
        plan=task.plan,
    )
    form = RemoveEvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task_fix_services.attachment_remove(
                actor=request.user, attachment=attachment, reason=form.cleaned_data["reason"]
            )
        except TaskStateError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{attachment.original_name} has been removed")
            return redirect("tasks:detail", pk=task.pk)
    return render(
        request,
        "tasks/evidence_remove.html",
        {
            "attachment": attachment,
            "task": task,
            "form": form,
            "back": reverse("tasks:detail", args=[task.pk]),
        },
    )
