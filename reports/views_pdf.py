"""PDF exports: ask the purpose and recipient, record the disclosure, send the PDF itself."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from partners.permissions import may, require_for_request
from plans.selectors import plan_for_user_or_404

from . import pdf, plan_pdf, programme_pdf
from .export_pages import export_page, not_made_page, pdf_response
from .forms import DisclosureForm, FunderReturnForm
from .periods import period_in_query
from .services import disclosure_record


class ProgrammeReportForm(FunderReturnForm):
    """The programme report asks for the funder return's period, checked the same way, and a disclosure."""


@login_required
@require_http_methods(["GET", "POST"])
def plan_report(request, pk):
    plan = plan_for_user_or_404(request.user, pk)
    require_for_request(request, "reports.export_plan_report", plan, action="report.export", plan=plan)
    partner_version = not may(request.user, "reports.export_police_version", plan)
    title = "Export the plan report"
    caption = f"{plan.reference} {plan.title}"
    form = DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        filename = plan_pdf.plan_report_filename(plan)
        try:
            data = plan_pdf.plan_report_pdf(plan=plan, user=request.user, partner_version=partner_version)
        except pdf.RenderError as exc:
            return not_made_page(request, form, exc, title=title, caption=caption)
        disclosure_record(
            actor=request.user,
            kind="plan-pdf-partner" if partner_version else "plan-pdf",
            purpose=form.cleaned_data["purpose"],
            recipient=form.cleaned_data["recipient"],
            filename=filename,
            target=plan,
            plan=plan,
            # To whom and why material went may name a person: a police export is police
            # business, and a partner's is read by police and its own organisation only
            # (audit.selectors.plan_timeline).
            police_only=not partner_version,
        )
        return pdf_response(data, filename)
    return export_page(request, form, title=title, caption=caption)


@login_required
@require_http_methods(["GET", "POST"])
def programme_report(request):
    require_for_request(request, "reports.export_programme_report", action="report.export")
    title = "Export the programme report"
    today = timezone.localdate()
    initial = {"start": today.replace(month=1, day=1), "end": today}
    # The programme page links here with its period, so the report covers the figures on it.
    start, end = period_in_query(request.GET)
    if start and end and start <= end:
        initial = {"start": start, "end": end}
    form = ProgrammeReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        filename = programme_pdf.programme_report_filename(start, end)
        try:
            data = programme_pdf.programme_report_pdf(user=request.user, start=start, end=end)
        except pdf.RenderError as exc:
            return not_made_page(request, form, exc, title=title, caption="Programme")
        disclosure_record(
            actor=request.user,
            kind="programme-pdf",
            purpose=form.cleaned_data["purpose"],
            recipient=form.cleaned_data["recipient"],
            filename=filename,
        )
        return pdf_response(data, filename)
    return export_page(request, form, title=title, caption="Programme")
