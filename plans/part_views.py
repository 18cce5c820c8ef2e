"""A plan's sources, objectives and responses: small forms of their own, edited by the owner or
co-owners. Each view finds the plan through a permission-aware selector, binds a form, calls a
service and redirects."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partners.forms import add_service_errors, conflict_rows, rebased
from partners.permissions import require_for_request

from . import part_services, selectors, services
from .models import Objective, Response, Source
from .part_forms import ObjectiveEditForm, ObjectiveForm, ResponseEditForm, ResponseForm, SourceForm
from .submissions import AlreadySubmitted, sent_twice
from .views import editable_plan_or_refuse


def _editable_item_or_refuse(request, pk, item_pk, model, *, action: str):
    """The plan and its item, as views.editable_plan_or_refuse; a refusal names the item, as the service's would."""
    plan = selectors.plan_for_user_or_404(request.user, pk)
    item = get_object_or_404(model, pk=item_pk, plan=plan)
    require_for_request(request, "plans.edit_plan", plan, action=action, target=item, plan=plan)
    return plan, item


def _child_form_page(request, *, plan, form, title, cancel_anchor, conflict=None):
    return render(
        request,
        "plans/child_form.html",
        {
            "plan": plan,
            "form": form,
            "page_title": title,
            "cancel_anchor": cancel_anchor,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _save_child(request, *, plan, form, anchor, title, save, done, item=None):
    """Save an add or edit form; an edit over someone else's newer save is shown again (409)."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except services.EditConflict as exc:
            conflict = {"title": str(exc).rstrip("."), "rows": conflict_rows(form, exc)}
            # Keep what the user typed; the next save is based on the version now saved.
            form = type(form)(rebased(request.POST, form, exc), instance=copy.copy(item))
            form.is_valid()
            form.drawn_after_conflict()
        except ValidationError as exc:
            add_service_errors(form, exc)
        except AlreadySubmitted as exc:
            return sent_twice(request, reverse("plans:detail", kwargs={"pk": exc.plan_id}) + f"#{anchor}")
        else:
            messages.success(request, done)
            return redirect(reverse("plans:detail", kwargs={"pk": plan.pk}) + f"#{anchor}")
    return _child_form_page(
        request, plan=plan, form=form, title=title, cancel_anchor=anchor, conflict=conflict
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_add(request, pk):
    plan = editable_plan_or_refuse(request, pk, action="plan.source_add")
    form = SourceForm(request.POST or None)
    return _save_child(
        request,
        plan=plan,
        form=form,
        anchor="scan",
        title="Add a source",
        save=lambda: part_services.source_add(actor=request.user, plan=plan, **form.cleaned_data),
        done="Source added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_add(request, pk):
    plan = editable_plan_or_refuse(request, pk, action="plan.objective_add")
    form = ObjectiveForm(request.POST or None)
    return _save_child(
        request,
        plan=plan,
        form=form,
        anchor="analyse",
        title="Add an objective",
        save=lambda: part_services.objective_add(
            actor=request.user, plan=plan, submission=form.submission_token(), **form.values()
        ),
        done="Objective added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request, pk, item_pk):
    plan, objective = _editable_item_or_refuse(
        request, pk, item_pk, Objective, action="plan.objective_update"
    )
    form = ObjectiveEditForm(request.POST or None, instance=copy.copy(objective))
    if request.method == "GET":  # the form shows the objective: a consultation of the plan
        services.plan_record_view(actor=request.user, plan=plan, target=objective)
    return _save_child(
        request,
        plan=plan,
        form=form,
        anchor="analyse",
        title="Change an objective",
        save=lambda: part_services.objective_update(
            actor=request.user,
            objective=objective,
            version=form.cleaned_data["version"],
            base=form.edit_base(),
            **form.values(),
        ),
        done="Objective saved.",
        item=objective,
    )


@login_required
@require_http_methods(["GET", "POST"])
def response_add(request, pk):
    plan = editable_plan_or_refuse(request, pk, action="plan.response_add")
    form = ResponseForm(request.POST or None)
    return _save_child(
        request,
        plan=plan,
        form=form,
        anchor="respond",
        title="Add a response",
        save=lambda: part_services.response_add(
            actor=request.user, plan=plan, submission=form.submission_token(), **form.values()
        ),
        done="Response added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def response_edit(request, pk, item_pk):
    plan, response = _editable_item_or_refuse(request, pk, item_pk, Response, action="plan.response_update")
    form = ResponseEditForm(request.POST or None, instance=copy.copy(response))
    if request.method == "GET":  # the form shows the response: a consultation of the plan
        services.plan_record_view(actor=request.user, plan=plan, target=response)
    return _save_child(
        request,
        plan=plan,
        form=form,
        anchor="respond",
        title="Change a response",
        save=lambda: part_services.response_update(
            actor=request.user,
            response=response,
            version=form.cleaned_data["version"],
            base=form.edit_base(),
            **form.values(),
        ),
        done="Response saved.",
        item=response,
    )


REMOVABLE = {
    "source": (Source, part_services.source_remove, "scan", "source"),
    "objective": (Objective, part_services.objective_remove, "analyse", "objective"),
    "response": (Response, part_services.response_remove, "respond", "response"),
}


@login_required
@require_http_methods(["GET", "POST"])
def child_remove(request, pk, item_pk, kind):
    model, remove, anchor, keyword = REMOVABLE[kind]
    plan, item = _editable_item_or_refuse(request, pk, item_pk, model, action=f"plan.{kind}_remove")
    if request.method == "POST":
        remove(actor=request.user, **{keyword: item})
        messages.success(request, f"{kind.capitalize()} removed.")
        return redirect(reverse("plans:detail", kwargs={"pk": plan.pk}) + f"#{anchor}")
    return render(
        request, "plans/child_remove.html", {"plan": plan, "item": item, "kind": kind, "anchor": anchor}
    )
