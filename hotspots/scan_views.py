"""Scan pages (police only; anyone else is told nothing exists): the ranking, its JSON, and
"Start a plan here"."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from partners.permissions import may, require_for_request
from plans.selectors import plans_visible_to
from plans.submissions import sent_twice

from . import geometry, scan, selectors
from .charts import series_chart_svg
from .figure_counts import all_imported_months
from .models import Area
from .scan_forms import ScanForm, StartPlanForm, initial_query
from .scan_services import PlanAlreadyStarted, scan_plan_start

QUERY_FIELDS = ("family", "start", "end", "kind", "size", "top")


def _police_or_404(request) -> None:
    """Scan reads the whole force's data: partners (and anyone not police) learn nothing of it."""
    if not may(request.user, "hotspots.scan"):
        raise Http404("No such page")


def _scan_form(request):
    """The question asked, or the default one: the last 12 imported months, 150 m cells."""
    imported = all_imported_months()
    defaults = initial_query(scan.default_window(imported), selectors.default_family_slug())
    data = request.GET.copy()
    for key, value in defaults.items():
        if key not in data:
            data[key] = value
    return ScanForm(data), imported


def _concentration_chart(ranking) -> str:
    labels = [f"{point.percent}%" for point in ranking.curve]
    return series_chart_svg(
        title=f"{ranking.family.name}: share of incidents in the top places, {ranking.window.label}",
        labels=labels,
        series={
            f"Share of incidents (%), by share of {ranking.kind_label}": [p.share for p in ranking.curve]
        },
    )


def _map_places(ranking) -> list[dict]:
    return [
        {"rank": p.rank, "label": p.label, "count": p.count, "anchor": p.anchor, "geometry": p.geometry}
        for p in ranking.places
        if p.geometry
    ]


@login_required
@require_GET
def scan_page(request):
    _police_or_404(request)
    form, imported = _scan_form(request)
    ranking = None
    chart = ""
    if imported and form.is_valid():
        ranking = scan.rank_places(
            **form.ranking_kwargs(), plans=plans_visible_to(request.user), imported=imported
        )
        if ranking.curve:
            chart = mark_safe(_concentration_chart(ranking))  # noqa: S308 (every text in the SVG is escaped)
    query = {name: form.data.get(name, "") for name in QUERY_FIELDS}
    return render(
        request,
        "hotspots/scan.html",
        {
            "form": form,
            "ranking": ranking,
            "chart": chart,
            "imported": bool(imported),
            "first_imported": min(imported) if imported else None,
            "last_imported": max(imported) if imported else None,
            "map_places": _map_places(ranking) if ranking else [],
            "can_start": may(request.user, "plans.create_plan"),
            "can_refresh": may(request.user, "hotspots.review_hotspot_refresh"),
            "query": urlencode(query),
            "json_url": f"{reverse('scan:ranking_json')}?{urlencode(query)}",
            "top_1": ranking.top_percent(1) if ranking else None,
            "top_10": ranking.top_percent(10) if ranking else None,
        },
        status=400 if imported and form.errors else 200,
    )


@login_required
@require_GET
def ranking_json(request):
    """The page's ranking as `manage.py rank_places --json` prints it."""
    _police_or_404(request)
    form, imported = _scan_form(request)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    ranking = scan.rank_places(
        **form.ranking_kwargs(), plans=plans_visible_to(request.user), imported=imported
    )
    return JsonResponse(ranking.as_dict(), json_dumps_params={"ensure_ascii": False})


def _ranking_url(params) -> str:
    """Back to the ranking the places were chosen from, with the question as it was asked."""
    query = urlencode({name: params[name] for name in QUERY_FIELDS if name in params})
    return f"{reverse('scan:page')}?{query}"


def _suggested_area_name(selection) -> str:
    base = f"{_place_words(selection)} ({selection.family.name}, {selection.window.label})"[:110]
    name, number = base, 2
    while Area.objects.filter(name__iexact=name).exists():
        name, number = f"{base} {number}", number + 1
    return name


def _place_words(selection) -> str:
    location = selection.location.removeprefix("On or near ").strip()
    if selection.kind == scan.LSOA:
        return f"LSOA {selection.keys[0][0]}" + (f" near {location}" if location else "")
    return location or "Scan place"


@login_required
@require_http_methods(["GET", "POST"])
def start_plan(request):
    _police_or_404(request)
    require_for_request(request, "plans.create_plan", action="scan.plan_start")
    params = request.GET
    form, _imported = _scan_form(request)
    if not form.is_valid():
        return redirect(_ranking_url(params))
    kwargs = form.ranking_kwargs()
    try:
        keys = scan.parse_places(kwargs["kind"], params.getlist("place"))
    except scan.SelectionError as exc:
        messages.error(request, str(exc))
        return redirect(_ranking_url(params))
    selection = scan.describe_places(
        family=kwargs["family"], window=kwargs["window"], kind=kwargs["kind"], keys=keys, size=kwargs["size"]
    )
    if not selection.count:
        messages.error(
            request,
            f"No {selection.family.name} incidents at the place chosen in {selection.window.label}: "
            "choose a place from the ranking",
        )
        return redirect(_ranking_url(params))
    location = selection.location.removeprefix("On or near ").strip()
    initial = {
        "area_name": _suggested_area_name(selection),
        "title": f"{selection.family.name} near {location}"
        if location
        else f"{selection.family.name} hotspot",
        "hotspot_name": location or _place_words(selection),
        "problem_statement": selection.statement(),
    }
    start_form = StartPlanForm(request.POST or None, initial=initial, kind=selection.kind)
    if request.method == "POST" and start_form.is_valid():
        data = start_form.cleaned_data
        try:
            plan = scan_plan_start(
                actor=request.user,
                selection=selection,
                area_name=data["area_name"],
                title=data["title"],
                hotspot_name=data["hotspot_name"],
                problem_statement=data["problem_statement"],
                buffer_m=data["buffer_m"],
                tolerance_m=data.get("tolerance_m") or 0,
                submission=start_form.submission_token(),
            )
        except PlanAlreadyStarted as exc:
            if exc.plan_id is None:
                return sent_twice(request, reverse("plans:list"))
            return sent_twice(request, reverse("plans:detail", kwargs={"pk": exc.plan_id}))
        except ValidationError as exc:
            # area_create names its field "name": here it is the area's name.
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    start_form.add_error("area_name" if field == "name" else None, errors)
            else:
                start_form.add_error(None, exc)
        except geometry.GeometryError as exc:
            start_form.add_error(None, str(exc))
        else:
            messages.success(request, f"Plan {plan.reference} opened in Scan with the area {plan.area.name}")
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "hotspots/scan_start.html",
        {
            "form": start_form,
            "selection": selection,
            "back_url": _ranking_url(params),
        },
        status=400 if start_form.errors else 200,
    )
