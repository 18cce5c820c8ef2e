"""The patrol rota's pages: an area's rota, its forms, a partner lead's confirmation and compliance."""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from partners.forms import conflict_rows, rebased
from partners.permissions import may, require, require_for_request
from plans.submissions import sent_twice

from . import compliance_page, rota_selectors, rota_services
from .rota import describe_weekdays, week_start
from .rota_forms import (
    PATTERN_FIELDS,
    ComplianceForm,
    FundedTargetForm,
    RotaExceptionForm,
    RotaPatternEditForm,
    RotaPatternForm,
    RotaPatternRemoveForm,
)
from .submissions import AlreadySubmitted

COMING_WEEKS = 4


def _weeks_of(slots) -> list[dict]:
    """Slots grouped by the Monday of their week, in order."""
    weeks = defaultdict(list)
    for slot in slots:
        weeks[week_start(slot.date)].append(slot)
    return [{"monday": monday, "slots": weeks[monday]} for monday in sorted(weeks)]


@login_required
def rota_area(request, pk):
    area = rota_selectors.rota_area_for_user_or_404(request.user, pk)
    today = timezone.localdate()
    patterns = list(
        rota_selectors.patterns_visible_to(request.user)
        .filter(area=area)
        .select_related("organisation", "confirmed_by")
        .prefetch_related("exceptions")
    )
    for pattern in patterns:
        pattern.days_words = describe_weekdays(pattern.weekdays)
    coming = (
        rota_selectors.slots_visible_to(request.user)
        .filter(
            area=area, date__gte=today, date__lt=week_start(today) + datetime.timedelta(weeks=COMING_WEEKS)
        )
        .select_related("organisation")
        .order_by("starts_at")
    )
    return render(
        request,
        "hotspots/rota_area.html",
        {
            "area": area,
            "patterns": patterns,
            "weeks": _weeks_of(coming),
            "coming_weeks": COMING_WEEKS,
            "can_plan": may(request.user, "hotspots.plan_rota"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rota_pattern_create(request, pk):
    area = rota_selectors.rota_area_for_user_or_404(request.user, pk)
    require_for_request(request, "hotspots.plan_rota", action="rota.create", target=area)
    form = RotaPatternForm(request.POST or None, organisations=rota_selectors.rota_organisations_for(area))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rota_services.rota_pattern_create(
                actor=request.user,
                area=area,
                submission=form.submission_token(),
                **{name: data[name] for name in PATTERN_FIELDS},
            )
        except AlreadySubmitted:
            return sent_twice(request, reverse("rota:area", args=[area.pk]))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Rota for {data['organisation'].name} in {area.name} planned")
            return redirect("rota:area", pk=area.pk)
    return render(
        request,
        "hotspots/rota_pattern_form.html",
        {"form": form, "area": area},
        status=400 if form.errors else 200,
    )


def _pattern_to_plan(request, pk, *, action: str):
    """A pattern this user sees (404 otherwise), if they plan the rota (403 if not, recorded)."""
    pattern = rota_selectors.pattern_for_user_or_404(request.user, pk)
    require_for_request(request, "hotspots.plan_rota", action=action, target=pattern)
    return pattern


def _days_in_words(name, value, field):
    """The days of a pattern as the conflict box shows them ("Fridays and Saturdays")."""
    return describe_weekdays(value) if name == "weekdays" and isinstance(value, list) else value


def _conflict_rows(form, exc) -> list[dict]:
    rows = conflict_rows(form, exc, shown=_days_in_words)
    for row in rows:
        if row["name"] == "weekdays" and row["yours"] is not None:
            row["yours"] = describe_weekdays(form.cleaned_data["weekdays"])
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def rota_pattern_edit(request, pk):
    pattern = _pattern_to_plan(request, pk, action="rota.update")
    form = RotaPatternEditForm(request.POST or None, pattern=pattern)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rota_services.rota_pattern_update(
                actor=request.user,
                pattern=pattern,
                version=data["version"],
                base=form.edit_base(),
                **{name: data[name] for name in rota_services.CHANGEABLE_FIELDS},
            )
        except rota_services.EditConflict as exc:
            conflict = _conflict_rows(form, exc)
            form = RotaPatternEditForm(rebased(request.POST, form, exc), pattern=pattern)
            form.is_valid()
            form.drawn_after_conflict()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Rota for {pattern.organisation.name} in {pattern.area.name} changed"
                + (
                    ""
                    if pattern.organisation.is_police
                    else f": {pattern.organisation.name} is asked to confirm it again"
                ),
            )
            return redirect("rota:area", pk=pattern.area_id)
    return render(
        request,
        "hotspots/rota_pattern_edit.html",
        {
            "form": form,
            "pattern": pattern,
            "conflict": conflict,
            "days_words": describe_weekdays(pattern.weekdays),
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rota_pattern_remove(request, pk):
    pattern = _pattern_to_plan(request, pk, action="rota.delete")
    form = RotaPatternRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rota_services.rota_pattern_delete(
            actor=request.user, pattern=pattern, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"Rota for {pattern.organisation.name} in {pattern.area.name} removed")
        return redirect("rota:area", pk=pattern.area_id)
    return render(
        request,
        "hotspots/rota_pattern_remove.html",
        {
            "form": form,
            "pattern": pattern,
            "days_words": describe_weekdays(pattern.weekdays),
            "slot_count": pattern.slots.count(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def rota_exception_remove(request, pk):
    exception = rota_selectors.exception_for_user_or_404(request.user, pk)
    pattern = exception.pattern
    require_for_request(request, "hotspots.plan_rota", action="rota.exception_remove", target=pattern)
    rota_services.rota_exception_remove(actor=request.user, exception=exception)
    messages.success(request, f"The slot on {exception.date:%-d %B %Y} runs as planned again")
    return redirect("rota:area", pk=pattern.area_id)


@login_required
@require_http_methods(["GET", "POST"])
def rota_exception_create(request, pk):
    pattern = rota_selectors.pattern_for_user_or_404(request.user, pk)
    require_for_request(request, "hotspots.plan_rota", action="rota.exception", target=pattern)
    form = RotaExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rota_services.rota_exception_add(
                actor=request.user,
                pattern=pattern,
                submission=form.submission_token(),
                **{name: value for name, value in form.cleaned_data.items() if name != "submission"},
            )
        except AlreadySubmitted:
            return sent_twice(request, reverse("rota:area", args=[pattern.area_id]))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"The slot on {form.cleaned_data['date']:%-d %B %Y} is {form.cleaned_data['kind']}"
            )
            return redirect("rota:area", pk=pattern.area_id)
    return render(
        request,
        "hotspots/rota_exception_form.html",
        {"form": form, "pattern": pattern, "days_words": describe_weekdays(pattern.weekdays)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def rota_confirm(request, pk):
    pattern = rota_selectors.pattern_for_user_or_404(request.user, pk)
    rota_services.rota_pattern_confirm(actor=request.user, pattern=pattern)
    messages.success(request, f"You confirmed {pattern.organisation.name}'s slots in {pattern.area.name}")
    return redirect("rota:area", pk=pattern.area_id)


def _last_four_weeks(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = week_start(today)
    return monday - datetime.timedelta(weeks=4), monday - datetime.timedelta(days=1)


@login_required
def rota_compliance(request):
    require(request.user, "hotspots.see_rota", action="rota.compliance", record=False)
    form = ComplianceForm(request.GET or None)
    first, last = _last_four_weeks(timezone.localdate())
    if form.is_bound and form.is_valid():
        first = form.cleaned_data["first"] or first
        last = form.cleaned_data["last"] or last
        if last < first:
            first, last = _last_four_weeks(timezone.localdate())
    result = rota_selectors.compliance_for(request.user, first=first, last=last)
    areas = rota_selectors.rota_areas_with_open_plans(request.user)
    target = rota_selectors.funded_target_progress_for(request.user, today=timezone.localdate())
    short, short_count = compliance_page.short_slots(result)
    return render(
        request,
        "hotspots/rota_compliance.html",
        {
            "form": form,
            "first": first,
            "last": last,
            "result": result,
            "areas": areas,
            "target": target,
            "can_set_target": may(request.user, "hotspots.set_funded_target"),
            "weeks": compliance_page.week_rows(result),
            "short": short,
            "short_count": short_count,
            "listed": compliance_page.LISTED,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def funded_target(request):
    require_for_request(request, "hotspots.set_funded_target", action="target.set")
    current = rota_selectors.funded_target()
    initial = (
        {"first_date": current.first_date, "last_date": current.last_date, "hours": current.hours}
        if current
        else {}
    )
    form = FundedTargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rota_services.funded_target_set(
                actor=request.user,
                submission=form.submission_token(),
                **{name: value for name, value in form.cleaned_data.items() if name != "submission"},
            )
        except AlreadySubmitted:
            return sent_twice(request, reverse("rota:compliance"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The funded target is {form.cleaned_data['hours']:,} patrol hours")
            return redirect("rota:compliance")
    return render(
        request, "hotspots/rota_target_form.html", {"form": form}, status=400 if form.errors else 200
    )
