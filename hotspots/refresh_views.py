"""The quarterly hotspot refresh page and its decisions (police managers; anyone not police is
told nothing exists)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from partners.forms import id_from
from partners.permissions import may, require, require_for_request
from plans.selectors import plans_visible_to

from . import refresh_services, scan, selectors
from .figure_counts import all_imported_months
from .refresh import hotspot_refresh
from .refresh_forms import HotspotDecisionForm
from .scan_forms import ScanForm, initial_query

REFRESH_TOP = 10  # the uncovered places listed unless asked for more


@login_required
@require_GET
def hotspot_refresh_page(request):
    if not may(request.user, "hotspots.scan"):
        raise Http404("No such page")
    require(request.user, "hotspots.review_hotspot_refresh", action="scan.refresh", record=False)
    return _page(request)


@login_required
@require_POST
def hotspot_decide(request):
    """A manager records whether one current hotspot continues this quarter; the form is posted
    to this address with the refresh page's question in its query string, to return to it."""
    if not may(request.user, "hotspots.scan"):
        raise Http404("No such page")
    require_for_request(request, "hotspots.decide_hotspot_refresh", action="scan.refresh_decide")
    form = HotspotDecisionForm(request.POST)
    if form.is_valid():
        area = form.cleaned_data["area"]
        try:
            refresh_services.hotspot_decide(
                actor=request.user,
                area=area,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            words = "continues" if form.cleaned_data["decision"] == "continue" else "stops"
            messages.success(request, f"Recorded: {area.name} {words} this quarter")
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return redirect(f"{reverse('scan:refresh')}{query}#decisions")
    return _page(request, decision_form=form, status=400)


def _page(request, *, decision_form=None, status=200):
    imported = all_imported_months()
    defaults = initial_query(scan.default_window(imported), selectors.default_family_slug())
    defaults["top"] = str(REFRESH_TOP)
    data = request.GET.copy()
    for key, value in defaults.items():
        if key not in data:
            data[key] = value
    form = ScanForm(data)
    refresh = None
    if imported and form.is_valid():
        refresh = hotspot_refresh(
            ranking_kwargs=form.ranking_kwargs(),
            plans=plans_visible_to(request.user),
            today=timezone.localdate(),
            imported=imported,
        )
    return render(
        request,
        "hotspots/scan_refresh.html",
        {
            "form": form,
            "refresh": refresh,
            "imported": bool(imported),
            "first_imported": min(imported) if imported else None,
            "last_imported": max(imported) if imported else None,
            "scan_url": _scan_url(form) if refresh else reverse("scan:page"),
            "decision_form": decision_form,
            "decision_area": _posted_area(decision_form),
            "can_decide": may(request.user, "hotspots.decide_hotspot_refresh"),
            "decide_url": reverse("scan:refresh_decide")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        },
        status=400 if imported and form.errors else status,
    )


def _posted_area(form) -> int | None:
    """The id of the area whose decision was refused, to show its error beside it."""
    if form is None:
        return None
    return id_from(form.data.get("area"))


def _scan_url(form) -> str:
    """The same question on the Scan page, listing every place the refresh read."""
    data = form.cleaned_data
    query = {
        "family": data["family"].slug,
        "start": f"{data['start']:%Y-%m}",
        "end": f"{data['end']:%Y-%m}",
        "kind": data["kind"],
        "size": data["size"],
        "top": scan.MAX_TOP,
    }
    return f"{reverse('scan:page')}?{urlencode(query)}"
