"""Hotspot pages: thin views over forms, selectors and services."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from partners.forms import conflict_rows, rebased
from partners.middleware import accepts_large_form
from partners.permissions import may, require, require_for_request
from plans import baseline_services
from plans.models import Objective
from plans.selectors import plan_for_user_or_404
from plans.submissions import sent_twice

from . import geometry, import_services, importer, patrols, selectors, services
from .charts import line_chart_svg
from .figures import area_figures
from .forms import (
    AREA_FORM_MAX_BYTES,
    AreaCreateForm,
    AreaEditForm,
    AreaRemoveForm,
    BaselineForm,
    FiguresForm,
    ImportForm,
)
from .measures import add_months
from .models import ImportedMonth
from .submissions import AlreadySubmitted


@login_required
def area_list(request):
    require(request.user, "hotspots.see_areas", action="area.list", record=False)
    areas = selectors.areas_visible_to(request.user).annotate(
        plan_count=Count("plans", distinct=True), patrol_count=Count("patrols", distinct=True)
    )
    return render(
        request,
        "hotspots/area_list.html",
        {"areas": areas},
    )


def _area_values(form) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "geometry_value": data["geometry"],
        "lsoa_codes": data["lsoa_codes"],
        "buffer_m": data["buffer_m"],
        "tolerance_m": data["tolerance_m"],
        "control_geometry": data["control_geometry"],
        "displacement_control_geometry": data["displacement_control_geometry"],
    }


def _area_form_page(request, form, *, area=None, conflict=None):
    return render(
        request,
        "hotspots/area_form.html",
        {
            "form": form,
            "area": area,
            "outline": json.dumps(area.geometry) if area else "null",
            "conflict": conflict,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


def _area_error(form, exc) -> None:
    """A refusal from the service, on the field it is about."""
    if isinstance(exc, ValidationError):
        form.add_error(None, exc)  # on the field it names
    elif str(exc).startswith("The control's displacement area"):
        form.add_error("displacement_control_geometry", str(exc))
    elif str(exc).startswith("The control area"):
        form.add_error("control_geometry", str(exc))
    else:
        form.add_error("lsoa_codes" if not form.cleaned_data["geometry"] else "geometry", str(exc))


@login_required
@require_http_methods(["GET", "POST"])
@accepts_large_form(AREA_FORM_MAX_BYTES)
def area_create(request):
    require_for_request(request, "hotspots.manage_areas", action="area.create")
    form = AreaCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_create(
                actor=request.user, submission=form.submission_token(), **_area_values(form)
            )
        except AlreadySubmitted as exc:
            return sent_twice(request, reverse("hotspots:area_detail", kwargs={"pk": exc.area_id}))
        except (geometry.GeometryError, ValidationError) as exc:
            _area_error(form, exc)
        else:
            messages.success(request, f"Area {area.name} created")
            return redirect("hotspots:area_detail", pk=area.pk)
    return _area_form_page(request, form)


def _area_to_manage(request, pk, *, action: str):
    """The area (404 for those who may not see it), if this user may manage areas (403 if not,
    a POST recorded). Today whoever sees areas manages them; the check stays for a role that
    only reads them."""
    area = selectors.area_for_user_or_404(request.user, pk)
    require_for_request(request, "hotspots.manage_areas", action=action, target=area)
    return area


@login_required
@require_http_methods(["GET", "POST"])
@accepts_large_form(AREA_FORM_MAX_BYTES)
def area_edit(request, pk):
    area = _area_to_manage(request, pk, action="area.update")
    initial = {
        "name": area.name,
        "geometry": "" if area.lsoa_codes else json.dumps(area.geometry),
        "lsoa_codes": ", ".join(area.lsoa_codes),
        "buffer_m": area.buffer_m,
        "tolerance_m": area.tolerance_m,
        "control_geometry": json.dumps(area.control_geometry) if area.control_geometry else "",
        "displacement_control_geometry": (
            json.dumps(area.displacement_control_geometry) if area.displacement_control_geometry else ""
        ),
    }
    form = AreaEditForm(request.POST or None, initial=initial, area=area)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_update(
                actor=request.user,
                area=area,
                version=form.cleaned_data["version"],
                base=form.edit_base(),
                **_area_values(form),
            )
        except services.EditConflict as exc:
            conflict = area_or_patrol_conflict_rows(form, exc)
            # Keep what the user typed; the next save is based on the version now saved.
            form = AreaEditForm(rebased(request.POST, form, exc), initial=initial, area=area)
            form.is_valid()
            form.drawn_after_conflict()
        except (geometry.GeometryError, ValidationError) as exc:
            _area_error(form, exc)
        else:
            messages.success(request, f"Area {area.name} saved")
            return redirect("hotspots:area_detail", pk=area.pk)
    return _area_form_page(request, form, area=area, conflict=conflict)


OUTLINES = ("geometry", "control_geometry", "displacement_control_geometry")


def _area_or_patrol_value(name: str, value, field):
    """An area's or a patrol's saved value where the form shows it in its own way."""
    if name in OUTLINES:
        return json.dumps(value) if value else None
    if name == "lsoa_codes":
        return ", ".join(value)
    if name == "date":
        return f"{value:%-d %B %Y}"
    if name == "start_time":
        return f"{value:%H:%M}"
    return value


def area_or_patrol_conflict_rows(form, exc: services.EditConflict) -> list[dict]:
    """The fields saved since the user's version, with the values they now hold; an outline is
    folded away (the template's `outline`)."""
    rows = conflict_rows(form, exc, shown=_area_or_patrol_value)
    for row in rows:
        row["outline"] = row["name"] in OUTLINES and row["value"] != "—"
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def area_remove(request, pk):
    area = _area_to_manage(request, pk, action="area.delete")
    in_use = {"plan_count": area.plans.count(), "patrol_count": area.patrols.count()}
    form = AreaRemoveForm(request.POST or None)
    if request.method == "POST" and not any(in_use.values()) and form.is_valid():
        try:
            services.area_delete(actor=request.user, area=area, reason=form.cleaned_data["reason"])
        except services.AreaInUse as exc:  # a plan or patrol arrived since the page was drawn
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Area {area.name} removed")
            return redirect("hotspots:area_list")
    return render(
        request,
        "hotspots/area_remove.html",
        {"form": form, "area": area, **in_use},
        status=400 if form.errors else (409 if request.method == "POST" and any(in_use.values()) else 200),
    )


def _default_after(last_month):
    """The last two imported months, or none when nothing is imported."""
    if last_month is None:
        return {}
    return {
        "after_start": add_months(last_month, -1).strftime("%Y-%m"),
        "after_end": last_month.strftime("%Y-%m"),
    }


@login_required
def area_detail(request, pk):
    area = selectors.area_for_user_or_404(request.user, pk)
    last_month = ImportedMonth.objects.aggregate(last=Max("month"))["last"]
    defaults = {"family": selectors.default_family_slug(), **_default_after(last_month)}
    data = request.GET.copy() if request.GET else None
    if data is not None:
        for key, value in defaults.items():
            data.setdefault(key, value)
    elif last_month is not None:
        data = defaults
    form = FiguresForm(data)
    figures = chart = None
    if data is not None and form.is_valid():
        before, after = form.periods()
        figures = area_figures(area=area, family=form.cleaned_data["family"], before=before, after=after)
        chart = mark_safe(line_chart_svg(figures))  # noqa: S308 (every text in the SVG is escaped)
    area_patrols = selectors.patrols_visible_to(request.user).filter(area=area)
    return render(
        request,
        "hotspots/area_detail.html",
        {
            "area": area,
            "displacement_control": geometry.displacement_control_text(area),
            "form": form,
            "figures": figures,
            "chart": chart,
            "last_month": last_month,
            "summary": patrols.summarise(area_patrols),
            "quarters": patrols.by_organisation_and_quarter(area_patrols),
            "can_manage": may(request.user, "hotspots.manage_areas"),
        },
        status=400 if data is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_incidents(request):
    require_for_request(request, "hotspots.import_incidents", action="incidents.import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_services.import_police_uk_file(
                actor=request.user, fileobj=upload, name=upload.name
            )
        except importer.ImportRefused as exc:
            form.add_error("file", f"The file was not imported. {exc}")
        else:
            messages.success(request, importer.summary(batch))
            return redirect("hotspots:import")
    return render(
        request,
        "hotspots/import.html",
        {"form": form, "months": ImportedMonth.objects.select_related("imported_by")[:60]},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def objective_baseline(request, pk):
    objective = get_object_or_404(Objective.objects.select_related("plan"), pk=pk)
    plan = plan_for_user_or_404(request.user, objective.plan_id)
    objective.plan = plan
    form = BaselineForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "The baseline could not be set: choose a crime family and period from the plan page"
        )
    else:
        data = form.cleaned_data
        try:
            objective = baseline_services.objective_baseline_from_figures(
                actor=request.user,
                objective=objective,
                family=data["family"],
                period=(data["start"], data["end"]),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Baseline set to {objective.baseline} ({objective.baseline_note})")
    return redirect(reverse("plans:detail", kwargs={"pk": plan.pk}) + "#assess-evidence-heading")
