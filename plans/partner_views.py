"""Pages for the partners on a plan: add an organisation, take one off. Thin: bind the form,
call the service (plans.partner_services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from partners.forms import add_service_errors

from . import partner_services
from . import task_forms as forms
from .models import UNFINISHED_TASK_STATES, PlanPartner
from .submissions import AlreadySubmitted, sent_twice
from .task_views import plan_page_url, plan_to_manage, post_data


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request, pk):
    plan = plan_to_manage(request, pk, action="plan.partner_add")
    form = forms.PartnerAddForm(post_data(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            partner_services.plan_partner_add(
                actor=request.user, plan=plan, organisation=organisation, submission=form.submission_token()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except AlreadySubmitted:
            return sent_twice(request, plan_page_url(plan))
        else:
            messages.success(request, f"{organisation.name} is now a partner on this plan")
            return redirect(plan_page_url(plan))
    return render(
        request, "tasks/partner_add.html", {"plan": plan, "form": form, "back": plan_page_url(plan)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_remove(request, pk, org_pk):
    plan = plan_to_manage(request, pk, action="plan.partner_remove")
    link = get_object_or_404(
        PlanPartner.objects.select_related("organisation"), plan=plan, organisation_id=org_pk
    )
    organisation = link.organisation
    open_tasks = plan.tasks.filter(organisation=organisation, state__in=UNFINISHED_TASK_STATES).count()
    if request.method == "POST":
        partner_services.plan_partner_remove(actor=request.user, plan=plan, organisation=organisation)
        messages.success(request, f"{organisation.name} has been removed from this plan")
        return redirect(plan_page_url(plan))
    return render(
        request,
        "tasks/partner_remove.html",
        {"plan": plan, "organisation": organisation, "open_tasks": open_tasks, "back": plan_page_url(plan)},
    )
