"""The quarterly hotspot refresh page (police managers; anyone not police is told nothing exists)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from partners.permissions import may, require
from plans.selectors import plans_visible_to

from . import scan, selectors
from .figure_counts import all_imported_months
from .refresh import hotspot_refresh
from .scan_forms import ScanForm, initial_query

REFRESH_TOP = 10  # the uncovered places listed unless asked for more


@login_required
@require_GET
def hotspot_refresh_page(request):
    if not may(request.user, "hotspots.scan"):
        raise Http404("No such page")
    require(request.user, "hotspots.review_hotspot_refresh", action="scan.refresh", record=False)
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
        },
        status=400 if imported and form.errors else 200,
    )


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
