"""A plan's retention page: keep its personal data to a new review date, or dispose of it."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from partners.forms import add_service_errors
from partners.permissions import require_for_request

from . import retention_services, selectors
from .retention_forms import RetentionDisposeForm, RetentionKeepForm


@login_required
@require_http_methods(["GET", "POST"])
def plan_retention(request, pk):
    """A manager's review for retention: keep until a later date, or dispose of personal data."""
    plan = selectors.plan_for_user_or_404(request.user, pk)
    decision = request.POST.get("decision") if request.method == "POST" else None
    actions = {"dispose": "plan.dispose", "keep": "plan.retention_keep"}
    require_for_request(
        request,
        "plans.review_retention",
        plan,
        action=actions.get(decision, "plan.retention_review"),
        plan=plan,
    )
    keep_form = RetentionKeepForm(
        request.POST if decision == "keep" else None,
        prefix="keep",
        initial={"next_review": timezone.localdate() + datetime.timedelta(days=365)},
    )
    dispose_form = RetentionDisposeForm(request.POST if decision == "dispose" else None, prefix="dispose")
    posted = {"keep": keep_form, "dispose": dispose_form}.get(decision)
    status = 200
    if posted is not None and posted.is_valid():
        try:
            if decision == "keep":
                plan = retention_services.retention_keep(
                    actor=request.user,
                    plan=plan,
                    reason=keep_form.cleaned_data["reason"],
                    next_review=keep_form.cleaned_data["next_review"],
                    seen_review_date=request.POST.get("seen_review_date"),
                )
                done = f"{plan.reference} is kept. Its next review for retention is on {date_format(plan.retention_review_date, 'j F Y')}."
            else:
                plan = retention_services.retention_dispose(
                    actor=request.user,
                    plan=plan,
                    reason=dispose_form.cleaned_data["reason"],
                    seen_review_date=request.POST.get("seen_review_date"),
                )
                done = f"The personal data of {plan.reference} has been disposed of."
        except ValidationError as exc:
            add_service_errors(posted, exc)
            status = 400
        except retention_services.RetentionNotOpen as exc:
            messages.info(request, str(exc))
            return redirect("plans:detail", pk=plan.pk)
        else:
            messages.success(request, done)
            return redirect("plans:detail", pk=plan.pk)
    elif posted is not None:
        status = 400
    return render(
        request,
        "plans/retention.html",
        {
            "plan": plan,
            "finished": plan.state in retention_services.FINISHED_STAGES,
            "keep_form": keep_form,
            "dispose_form": dispose_form,
            "posted": posted,
            "summary": selectors.disposal_summary(plan),
        },
        status=status,
    )
