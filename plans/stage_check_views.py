"""The check page before a stage move that changes what partners see (start the response, close,
withdraw): what will happen, in plain words, and the move only on confirming it.

The GOV.UK "check answers" pattern without JavaScript: a withdrawal's reason is asked on a page
of its own first, kept in the session until the move is confirmed, and changed from the check
page. Confirming posts to this page, which moves the plan through plans.services.plan_transition.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partners.forms import GovukFormMixin
from partners.permissions import may, require_for_request

from . import selectors, services, workflow
from .models import Stage
from .permissions import TRANSITION_PERMISSIONS
from .plan_page import condition_links
from .stage_check import CHECKED, stage_check


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label="Why is the plan being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Recorded in the plan's history, which the plan's partners read.",
        error_messages={"required": "Enter why the plan is being withdrawn"},
    )


class ConfirmForm(GovukFormMixin, forms.Form):
    expected_state = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        max_length=2000,
        required=False,
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the plan's history with this step.",
    )


def _session_key(plan, name: str) -> str:
    return f"stage-check:{plan.pk}:{name}"


@login_required
@require_http_methods(["GET", "POST"])
def stage_check_page(request, pk, name):
    if name not in CHECKED:
        raise Http404("No such step")
    info = workflow.TRANSITIONS[name]
    plan = selectors.plan_for_user_or_404(request.user, pk)
    require_for_request(request, TRANSITION_PERMISSIONS[name], plan, action="plan.transition", plan=plan)
    here = reverse("plans:stage_check", kwargs={"pk": plan.pk, "name": name})
    key = _session_key(plan, name)
    reason = request.session.get(key, "") if info.needs_reason else ""
    context = {"plan": plan, "info": info, "available": workflow.is_available(plan, name), "problems": []}
    if not context["available"]:
        return render(request, "plans/stage_check.html", context)

    step = request.POST.get("step") if request.method == "POST" else None
    if info.needs_reason and (step == "reason" or (step is None and (not reason or "change" in request.GET))):
        form = ReasonForm(request.POST if step == "reason" else None, initial={"reason": reason})
        if step == "reason" and form.is_valid():
            request.session[key] = form.cleaned_data["reason"].strip()
            return redirect(here)
        return render(request, "plans/stage_check_reason.html", {**context, "form": form})

    form = ConfirmForm(request.POST if step == "confirm" else None, initial={"expected_state": plan.state})
    status = 200
    unmet = plan.unmet_conditions(name)
    if step == "confirm" and form.is_valid():
        if info.needs_reason and not reason:  # the session ended between the two pages
            return redirect(here)
        try:
            plan = services.plan_transition(
                actor=request.user,
                plan=plan,
                transition=name,
                reason=reason or form.cleaned_data["note"],
                expected_state=form.cleaned_data["expected_state"],
            )
        except services.TransitionConflict as exc:
            plan = selectors.plan_for_user_or_404(request.user, pk)
            context.update(plan=plan, available=workflow.is_available(plan, name))
            context["problems"] = [
                {
                    "text": f"{exc}: nothing was changed",
                    "href": reverse("plans:detail", kwargs={"pk": plan.pk}),
                }
            ]
            status = 409
            form = ConfirmForm(initial={"expected_state": plan.state})
            unmet = plan.unmet_conditions(name) if context["available"] else []
        except services.TransitionBlocked as exc:
            unmet = exc.unmet
            status = 409
            context["problems"] = condition_links(
                plan, unmet, can_edit=may(request.user, "plans.edit_plan", plan)
            )
        else:
            request.session.pop(key, None)
            where = plan.get_state_display()
            where = where.lower() if plan.state in (Stage.CLOSED, Stage.WITHDRAWN) else f"in {where}"
            messages.success(request, f"{plan.reference} is now {where}.")
            return redirect("plans:detail", pk=plan.pk)
    if not context["available"]:
        return render(request, "plans/stage_check.html", context, status=status)
    context.update(
        form=form,
        unmet=unmet,
        unmet_links=condition_links(plan, unmet, can_edit=may(request.user, "plans.edit_plan", plan)),
        check=stage_check(plan=plan, name=name, user=request.user, reason=reason),
        change_reason=here + "?change=reason",
    )
    return render(request, "plans/stage_check.html", context, status=status)
