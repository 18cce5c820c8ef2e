"""Plan pages. Each view finds the plan through a permission-aware selector, binds a form,
calls a service and redirects; services re-check permissions and write the audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partners.forms import add_service_errors, conflict_rows, id_from, rebased
from partners.permissions import may, require, require_for_request

from . import selectors, services, workflow
from .filter_forms import PLAN_SORTS, PlanFilterForm
from .forms import SECTION_FORMS, SECTION_TITLES, PlanCreateForm, TransitionForm
from .models import Plan, Stage
from .permissions import TRANSITION_PERMISSIONS
from .plan_page import condition_links, plan_page_context
from .submissions import AlreadySubmitted, sent_twice

PAGE_SIZE = 50


def editable_plan_or_refuse(request, pk, *, action: str) -> Plan:
    """The plan if this user may edit it: 404 if they cannot see it, 403 if they only see it."""
    plan = selectors.plan_for_user_or_404(request.user, pk)
    require_for_request(request, "plans.edit_plan", plan, action=action, plan=plan)
    return plan


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
    if "history" in request.GET or "history_page" in request.GET:
        # The history had its kinds and pages here before it had a page of its own: an address
        # kept from then opens the same kind and page there.
        query = QueryDict(mutable=True)
        for old, new in (("history", "kind"), ("history_page", "page")):
            if request.GET.get(old):
                query[new] = request.GET[old]
        history = reverse("plans:history", kwargs={"pk": plan.pk})
        return redirect(f"{history}?{query.urlencode()}" if query else history)
    services.plan_record_view(actor=request.user, plan=plan)
    return render(request, "plans/detail.html", plan_page_context(plan=plan, user=request.user))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk, section):
    if section not in SECTION_FORMS:
        raise Http404("No such section")
    plan = editable_plan_or_refuse(request, pk, action="plan.update")
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
                add_service_errors(form, exc)
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
    plan = editable_plan_or_refuse(request, pk, action="plan.update")
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
