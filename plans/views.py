"""Plan pages. Each view finds the plan through a permission-aware selector, binds a form,
calls a service and redirects; services re-check permissions and write the audit trail."""

import copy
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from partners.forms import conflict_rows, id_from, rebased
from partners.permissions import may, require, require_for_request

from . import retention_services, selectors, services, workflow
from .forms import (
    PLAN_SORTS,
    SECTION_FORMS,
    SECTION_TITLES,
    ObjectiveEditForm,
    ObjectiveForm,
    PlanCreateForm,
    PlanFilterForm,
    ResponseEditForm,
    ResponseForm,
    RetentionDisposeForm,
    RetentionKeepForm,
    SourceForm,
    TransitionForm,
)
from .models import Objective, Plan, Response, Source, Stage
from .permissions import TRANSITION_PERMISSIONS
from .plan_page import condition_links, plan_page_context
from .submissions import AlreadySubmitted, sent_twice

PAGE_SIZE = 50


def _editable_plan_or_refuse(request, pk, *, action: str) -> Plan:
    """The plan if this user may edit it: 404 if they cannot see it, 403 if they only see it."""
    plan = selectors.plan_for_user_or_404(request.user, pk)
    require_for_request(request, "plans.edit_plan", plan, action=action, plan=plan)
    return plan


def _editable_item_or_refuse(request, pk, item_pk, model, *, action: str):
    """The plan and its item, as above; a refusal names the item, as the service's would."""
    plan = selectors.plan_for_user_or_404(request.user, pk)
    item = get_object_or_404(model, pk=item_pk, plan=plan)
    require_for_request(request, "plans.edit_plan", plan, action=action, target=item, plan=plan)
    return plan, item


def _apply_form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _sort_headers(filters: PlanFilterForm) -> list[dict]:
    """Each column's header: a link that sorts by it (the other way if it is the sort already),
    keeping the filters, and the aria-sort a screen reader announces."""
    criteria = filters.criteria()
    current, descending = criteria["sort"], criteria["descending"]
    headers = []
    for key, words in PLAN_SORTS.items():
        query = filters.query()
        for name in ("sort", "order", "page"):
            query.pop(name, None)
        query["sort"] = key
        query["order"] = "asc" if key != current or descending else "desc"
        headers.append(
            {
                "key": key,
                "words": words,
                "query": query.urlencode(),
                "aria_sort": ("descending" if descending else "ascending") if key == current else "none",
            }
        )
    return headers


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_list(request):
    require(request.user, "plans.see_plan_list", action="plan.list", record=False)
    # A bad value (an edited address, an owner no longer an officer) leaves out that filter
    # only, and the page says which; the others still apply.
    filters = PlanFilterForm(request.GET or None)
    plans = selectors.plan_list_for(request.user, **filters.criteria())
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "select_filters": filters.selects(),
            "headers": _sort_headers(filters),
            "active_filters": filters.active(),
            "ignored_filters": filters.ignored(),
            "can_create": may(request.user, "plans.create_plan"),
            "can_export": may(request.user, "reports.export_plan_list"),
            "can_filter_closure": may(request.user, "plans.see_closure_requests"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    require_for_request(request, "plans.create_plan", action="plan.create")
    form = PlanCreateForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except AlreadySubmitted as exc:
            return sent_twice(request, reverse("plans:detail", kwargs={"pk": exc.plan_id}))
        messages.success(request, f"Plan {plan.reference} opened in Scan.")
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/create.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD"])  # a POST changed nothing, yet recorded a consultation
def plan_detail(request, pk):
    plan = selectors.plan_for_detail(request.user, pk)
    services.plan_record_view(actor=request.user, plan=plan)
    context = plan_page_context(
        plan=plan,
        user=request.user,
        history_kind=request.GET.get("history", ""),
        history_page=request.GET.get("history_page"),
    )
    return render(request, "plans/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk, section):
    if section not in SECTION_FORMS:
        raise Http404("No such section")
    plan = _editable_plan_or_refuse(request, pk, action="plan.update")
    form_class = SECTION_FORMS[section]
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST, instance=plan)
        if form.is_valid():
            try:
                services.plan_update(
                    actor=request.user,
                    plan=plan,
                    section=section,
                    data=form.section_data(),
                    version=form.cleaned_data["version"],
                    base=form.edit_base(),
                )
            except services.EditConflict as exc:
                conflict = conflict_rows(form, exc, shown=_section_value)
                # Keep what the user typed; the next save is based on the version now saved.
                form = form_class(rebased(request.POST, form, exc), instance=plan)
                form.is_valid()
                form.drawn_after_conflict()
            except ValidationError as exc:
                _apply_form_errors(form, exc)
            else:
                messages.success(request, f"{SECTION_TITLES[section]} saved.")
                return redirect(reverse("plans:detail", kwargs={"pk": plan.pk}) + f"#{section}")
    else:
        form = form_class(instance=plan)
        services.plan_record_view(actor=request.user, plan=plan)  # the form shows the section's content
    return render(
        request,
        "plans/edit.html",
        {
            "plan": plan,
            "form": form,
            "section": section,
            "section_title": SECTION_TITLES[section],
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@login_required
@require_http_methods(["POST"])
def plan_review(request, pk):
    """The owner's 28-day review, recorded from the plan page's button: the next is due 28 days on."""
    plan = _editable_plan_or_refuse(request, pk, action="plan.update")
    page = reverse("plans:detail", kwargs={"pk": plan.pk}) + "#details"
    version = id_from(request.POST.get("version"))
    if version is None:
        messages.error(
            request, "This page was out of date: check the next review date, then record the review again"
        )
        return redirect(page)
    try:
        plan = services.plan_review_record(actor=request.user, plan=plan, version=version)
    except services.EditConflict:
        messages.error(
            request,
            "Someone changed the plan's details since you opened the page: check the next review date, "
            "then record the review again",
        )
    else:
        messages.success(
            request, f"Review recorded. The next review is due on {plan.next_review_date:%-d %B %Y}."
        )
    return redirect(page)


def _section_value(name, value, field):
    """A plan section's saved value where the form shows it in its own way."""
    if name == "area":
        return str(field.queryset.filter(pk=value).first() or "No area")
    if name == "co_owners":
        return ", ".join(value) or "None"
    return value


@login_required
@require_http_methods(["GET", "POST"])
def plan_transition(request, pk, name):
    info = workflow.TRANSITIONS.get(name)
    if info is None:
        raise Http404("No such step")
    plan = selectors.plan_for_user_or_404(request.user, pk)
    require_for_request(request, TRANSITION_PERMISSIONS[name], plan, action="plan.transition", plan=plan)
    available = workflow.is_available(plan, name)
    form = TransitionForm(
        request.POST or None, initial={"expected_state": plan.state}, needs_reason=info.needs_reason
    )
    unmet = plan.unmet_conditions(name) if available else []
    # A refused press says why, each thing to do a link to where it is done, with a status
    # that says so: 409, the plan is not in a state to take the step (moved, or not ready).
    problems, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_transition(
                actor=request.user,
                plan=plan,
                transition=name,
                reason=form.cleaned_data["reason"],
                expected_state=form.cleaned_data["expected_state"],
            )
        except services.TransitionConflict as exc:
            plan = selectors.plan_for_user_or_404(request.user, pk)
            available, unmet = workflow.is_available(plan, name), []
            problems = [
                {
                    "text": f"{exc}: nothing was changed",
                    "href": reverse("plans:detail", kwargs={"pk": plan.pk}),
                }
            ]
            status = 409
        except services.TransitionBlocked as exc:
            unmet = exc.unmet
            problems = condition_links(plan, unmet, can_edit=may(request.user, "plans.edit_plan", plan))
            status = 409
        else:
            where = plan.get_state_display()
            where = where.lower() if plan.state in (Stage.CLOSED, Stage.WITHDRAWN) else f"in {where}"
            messages.success(request, f"{plan.reference} is now {where}.")
            return redirect("plans:detail", pk=plan.pk)
    target = workflow.target_of(plan, name)
    return render(
        request,
        "plans/transition.html",
        {
            "plan": plan,
            "info": info,
            "form": form,
            "available": available,
            "unmet": unmet,
            "unmet_links": condition_links(plan, unmet, can_edit=may(request.user, "plans.edit_plan", plan)),
            "problems": problems,
            "target": Stage(target).label if target else None,
        },
        status=status,
    )


@login_required
def review_queue(request):
    require(request.user, "plans.see_review_queue", action="plan.review_queue", record=False)
    return render(request, "plans/review_queue.html", selectors.review_queue_for(request.user))


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
            _apply_form_errors(posted, exc)
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


# Sources, objectives and responses: small forms of their own, edited by the owner or co-owners.


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
            _apply_form_errors(form, exc)
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
    plan = _editable_plan_or_refuse(request, pk, action="plan.source_add")
    form = SourceForm(request.POST or None)
    return _save_child(
        request,
        plan=plan,
        form=form,
        anchor="scan",
        title="Add a source",
        save=lambda: services.source_add(actor=request.user, plan=plan, **form.cleaned_data),
        done="Source added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_add(request, pk):
    plan = _editable_plan_or_refuse(request, pk, action="plan.objective_add")
    form = ObjectiveForm(request.POST or None)
    return _save_child(
        request,
        plan=plan,
        form=form,
        anchor="analyse",
        title="Add an objective",
        save=lambda: services.objective_add(
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
        save=lambda: services.objective_update(
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
    plan = _editable_plan_or_refuse(request, pk, action="plan.response_add")
    form = ResponseForm(request.POST or None)
    return _save_child(
        request,
        plan=plan,
        form=form,
        anchor="respond",
        title="Add a response",
        save=lambda: services.response_add(
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
        save=lambda: services.response_update(
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
    "source": (Source, services.source_remove, "scan", "source"),
    "objective": (Objective, services.objective_remove, "analyse", "objective"),
    "response": (Response, services.response_remove, "respond", "response"),
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
