"""Closure as a request: the owner's "Ask a manager to close this plan" and a manager's
"Send the request back". Closing is the `close` transition (plans.views.plan_transition)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partners.permissions import may, require_for_request

from . import closure_services, selectors
from .closure_forms import ClosureRequestForm, ClosureReturnForm
from .models import ClosureRequest
from .plan_page import condition_links
from .services import TransitionBlocked, TransitionConflict
from .submissions import AlreadySubmitted, sent_twice


def _moved(plan, exc: TransitionConflict) -> list[dict]:
    return [{"text": f"{exc}: reload the plan to see where it is now", "href": plan_url(plan)}]


def plan_url(plan) -> str:
    return reverse("plans:detail", kwargs={"pk": plan.pk})


@login_required
@require_http_methods(["GET", "POST"])
def closure_request(request, pk):
    """The owner asks the managers to close the plan: a 409 page names what is still missing."""
    plan = selectors.plan_for_user_or_404(request.user, pk)
    require_for_request(request, "plans.ask_to_close", plan, action="plan.closure_request", plan=plan)
    form = ClosureRequestForm(request.POST if request.method == "POST" else None)  # all optional
    problems, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            closure_services.closure_request_create(
                actor=request.user,
                plan=plan,
                note=form.cleaned_data["note"],
                submission=form.submission_token(),
            )
        except AlreadySubmitted:
            return sent_twice(request, plan_url(plan) + "#next-step")
        except TransitionBlocked as exc:
            problems = condition_links(plan, exc.unmet, can_edit=may(request.user, "plans.edit_plan", plan))
            status = 409
        except TransitionConflict as exc:
            problems, status = _moved(plan, exc), 409
        else:
            messages.success(request, f"The managers have been asked to close {plan.reference}.")
            return redirect(plan_url(plan) + "#next-step")
    elif request.method == "POST":
        status = 400
    unmet = plan.unmet_conditions("close") if not problems else []
    return render(
        request,
        "plans/closure_request.html",
        {
            "plan": plan,
            "form": form,
            "problems": problems,
            "unmet_links": condition_links(plan, unmet, can_edit=may(request.user, "plans.edit_plan", plan)),
            "waiting": ClosureRequest.objects.filter(
                plan=plan, status=ClosureRequest.Status.WAITING
            ).exists(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def closure_return(request, pk):
    """A manager sends the waiting closure request back to the owner with a reason."""
    plan = selectors.plan_for_user_or_404(request.user, pk)
    require_for_request(request, "plans.decide_plan", plan, action="plan.closure_return", plan=plan)
    closure = (
        ClosureRequest.objects.filter(plan=plan, status=ClosureRequest.Status.WAITING)
        .select_related("requested_by")
        .first()
    )
    form = ClosureReturnForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        closure_services.closure_request_return(
            actor=request.user, plan=plan, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"The request to close {plan.reference} has been sent back to its owner.")
        return redirect(plan_url(plan) + "#next-step")
    if request.method == "POST":
        status = 400
    return render(
        request, "plans/closure_return.html", {"plan": plan, "form": form, "closure": closure}, status=status
    )
