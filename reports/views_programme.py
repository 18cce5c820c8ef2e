"""The programme page and the funder return: thin views over reports.programme and reports.csv_export."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from partners.permissions import may, refusal, require, require_for_request
from partners.refusals import refuse

from . import programme
from .csv_export import funder_csv, funder_filename
from .export_pages import CSV, attachment
from .forms import FunderReturnForm, PeriodForm
from .periods import period_in_query
from .programme_pdf import funded_target_as_at
from .services import disclosure_record


@login_required
@require_GET
def programme_page(request):
    require(request.user, "reports.see_programme", action="report.programme", record=False)
    scope = programme.scope_for(request.user)
    if scope is None:  # a partner lead of no organisation: no figures are theirs
        refuse(refusal("reports.see_programme"), action="report.programme", actor=request.user, record=False)
    today = timezone.localdate()
    if any(name in request.GET for name in PeriodForm.base_fields):
        form = PeriodForm(request.GET, today=today)
        period = form.cleaned_data["range"] if form.is_valid() else None
    else:
        quarter = programme.default_quarter(scope, today)
        form = PeriodForm(initial={"period": "quarter", "quarter": quarter.code}, today=today)
        period = quarter.period()
    figures = charts = None
    if period is not None:
        figures = programme.figures_for_scope(scope, start=period.start, end=period.end, today=today)
        charts = programme.rendered_charts(figures)
    manager = may(request.user, "reports.export_funder_return")
    exports = {}
    if figures and manager:
        query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
        exports = {
            "funder": f"{reverse('reports:funder_csv')}?{query}",
            "pdf": f"{reverse('reports:programme_report_pdf')}?{query}",
        }
    return render(
        request,
        "reports/programme.html",
        {
            "form": form,
            "figures": figures,
            "charts": charts,
            "statement": programme.statement_sentences(figures) if figures else [],
            "exports": exports,
            "chosen": form.data.get("period") or "quarter",
            "crime": [("serious_violence", figures.serious_violence), ("asb", figures.asb)]
            if figures
            else [],
            "min_base": programme.MIN_BASE,
            "target": funded_target_as_at(request.user, period.end) if period else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def funder_return(request):
    # PRODUCT.md: the one-click funder return is a manager's export; partner leads see their
    # own organisation's figures on the programme page instead.
    require_for_request(request, "reports.export_funder_return", action="report.export")
    today = timezone.localdate()
    # The programme page links here with its period; anything else starts at the default quarter.
    start, end = period_in_query(request.GET)
    if not (start and end and start <= end):
        quarter = programme.default_quarter(programme.whole_programme(), today)
        start, end = quarter.start, quarter.end
    form = FunderReturnForm(request.POST or None, initial={"start": start, "end": end})
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        filename = funder_filename(start, end)
        data = funder_csv(patrols=programme.whole_programme().patrols, start=start, end=end)
        disclosure_record(
            actor=request.user,
            kind="funder-csv",
            purpose=form.cleaned_data["purpose"],
            recipient=form.cleaned_data["recipient"],
            filename=filename,
        )
        return attachment(data, filename, CSV)
    return render(request, "reports/programme_funder_form.html", {"form": form})
