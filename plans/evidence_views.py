"""A task's evidence: adding a file, and downloading one as the selectors allow."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partners.forms import add_service_errors
from partners.permissions import require_for_request

from . import evidence_services
from . import task_forms as forms
from .submissions import AlreadySubmitted, sent_twice
from .task_selectors import attachment_for_user_or_404, task_for_user_or_404
from .task_views import REFUSALS, post_data, post_files, record_view

logger = logging.getLogger(__name__)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request, pk):
    task = task_for_user_or_404(request.user, pk)
    require_for_request(request, "plans.update_task", task, action="attachment.upload", plan=task.plan)
    record_view(request, task)
    form = forms.EvidenceForm(post_data(request), post_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            attachment = evidence_services.attachment_upload(
                actor=request.user,
                task=task,
                uploaded=form.cleaned_data["evidence"],
                submission=form.submission_token(),
            )
        except REFUSALS as exc:
            add_service_errors(form, exc)
        except AlreadySubmitted:
            return sent_twice(request, reverse("tasks:detail", args=[task.pk]))
        else:
            messages.success(request, f"{attachment.original_name} has been added")
            return redirect("tasks:detail", pk=task.pk)
    return render(
        request,
        "tasks/evidence_form.html",
        {"task": task, "form": form, "back": reverse("tasks:detail", args=[task.pk])},
    )


@login_required
@require_GET
def attachment_download(request, pk):
    """Send an evidence file as a download, after recording who took it."""
    attachment = attachment_for_user_or_404(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        # Not a bad id: a file the database holds is gone from the storage. The log names the
        # attachment by id only (its original name was typed by a user).
        logger.error("Evidence file of attachment %s cannot be opened: %s", attachment.pk, type(exc).__name__)
        raise Http404("The file is missing") from exc
    evidence_services.attachment_record_download(actor=request.user, attachment=attachment)
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
