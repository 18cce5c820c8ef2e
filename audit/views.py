"""The audit search and its CSV export, for managers and administrators."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods

from partners.permissions import may, require, require_for_request
from reports.services import disclosure_record

from . import csv_export, personal, presentation, selectors
from .consultation_services import search_record_consultation
from .forms import EventSearchForm, ExportForm
from .models import Event

PER_PAGE = 50
FILTER_NAMES = ("person", "organisation", "plan", "action", "date_from", "date_to")


class NewestPaginator(Paginator):
    """Counts at most the newest CAP events of a search: counting a million on every page would
    cost more than the page. Past the cap, the page says so and the search is to be narrowed
    (the CSV export still has every event)."""

    CAP = 10_000

    @cached_property
    def _matches(self) -> int:
        return self.object_list.values("pk")[: self.CAP + 1].count()

    def get_page(self, number):
        """The page asked for; the first is read before anything is counted, and when it is not
        full its events are every match, so the search is not run a second time to count them."""
        if str(number or "1").strip() != "1" or self.per_page > self.CAP:
            return super().get_page(number)
        events = list(self.object_list[: self.per_page])
        if len(events) < self.per_page:
            self.__dict__["_matches"] = len(events)
        return self._get_page(events, 1, self)

    @cached_property
    def count(self) -> int:
        return min(self._matches, self.CAP)

    @property
    def capped(self) -> bool:
        return self._matches > self.CAP

    @property
    def cap_text(self) -> str:
        return f"{self.CAP:,}"


def _querystring(request) -> str:
    """The filters of this request, without the page number, for links that keep them."""
    params = request.GET.copy()
    for name in list(params):
        if name not in FILTER_NAMES or not params.get(name):
            del params[name]
    return params.urlencode()


def _filters_given(request) -> dict[str, str]:
    """The filters and page of this request as typed, for the record of what was searched."""
    return {name: request.GET[name] for name in (*FILTER_NAMES, "page") if request.GET.get(name)}


@login_required
@require_GET
def search(request):
    require(request.user, "audit.search_events", action="audit.search", record=False)
    form = EventSearchForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound and valid else {}
    events = selectors.events_search(user=request.user, **filters) if valid else Event.objects.none()
    page_obj = NewestPaginator(events, PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page_obj.object_list)
    # Police-only values are sealed in their events: revealing them is a reading, and recorded.
    revealing = [event.sequence for event in shown if personal.references(event.changes)]
    page_obj.object_list = presentation.describe(personal.reveal(shown))
    if revealing:
        search_record_consultation(actor=request.user, filters=_filters_given(request), sequences=revealing)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring": _querystring(request),
            "sees_police_only": may(request.user, "audit.see_police_only_events"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    """Ask why and for whom, record the disclosure, then stream the CSV of the current filters."""
    require_for_request(request, "audit.export_events", action="report.export")
    filters = EventSearchForm(request.GET)
    form = ExportForm(request.POST or None)
    context = {"form": form, "filters": filters, "querystring": _querystring(request)}
    if not filters.is_valid():
        return render(request, "audit/export.html", context, status=400)
    events = selectors.events_search(user=request.user, **filters.filters())
    if request.method == "POST" and form.is_valid():
        filename = f"audit-events-{timezone.localdate():%Y-%m-%d}.csv"
        disclosure_record(
            actor=request.user,
            kind="audit-csv",
            purpose=form.cleaned_data["purpose"],
            recipient=form.cleaned_data["recipient"],
            filename=filename,
            plan=filters.cleaned_data.get("plan"),
            police_only=True,  # an export of the audit trail is never on a partner's timeline
        )
        response = StreamingHttpResponse(csv_export.rows(events), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
    context.update(count=events.count(), filter_summary=filters.summary())
    return render(
        request,
        "audit/export.html",
        context,
    )
