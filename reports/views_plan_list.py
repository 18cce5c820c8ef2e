"""The plan list as CSV: the list's filters, asked why and for whom, recorded, then sent."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from partners.permissions import require_for_request
from plans.filter_forms import PlanFilterForm
from plans.selectors import plan_list_for

from .csv_export import plan_list_csv as plan_list_bytes
from .export_pages import CSV, attachment
from .forms import DisclosureForm
from .services import disclosure_record


@login_required
@require_http_methods(["GET", "POST"])
def plan_list_csv(request):
    require_for_request(request, "reports.export_plan_list", action="report.export")
    # The same filters as the list page (plans.views.plan_list): a bad value is left out there,
    # so it is left out here, and the page says which.
    filters = PlanFilterForm(request.GET or None)
    plans = plan_list_for(request.user, **filters.criteria())
    form = DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        filename = f"plans-{timezone.localdate():%Y-%m-%d}.csv"
        disclosure_record(
            actor=request.user,
            kind="plan-list-csv",
            purpose=form.cleaned_data["purpose"],
            recipient=form.cleaned_data["recipient"],
            filename=filename,
            # Its recipient and purpose may name a person: police business, as the audit CSV's.
            police_only=True,
        )
        return attachment(plan_list_bytes(plans), filename, CSV)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/plan_list_export.html",
        {
            "form": form,
            "count": plans.count(),
            "active_filters": filters.active(),
            "ignored_filters": filters.ignored(),
            "query": query.urlencode(),
        },
    )
