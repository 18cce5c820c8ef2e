"""A partner's claim statement as CSV and PDF: ask the purpose and recipient, record the
disclosure, send the file (hotspots.claims draws the statement; its selectors say who may)."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

from hotspots import claim_selectors, claims
from partners.permissions import require_for_request

from . import pdf
from .export_pages import CSV, attachment, export_page, not_made_page, pdf_response
from .forms import DisclosureForm
from .services import disclosure_record


def claim_csv_text(statement) -> str:
    """The statement as CSV: one row per visit, then the totals, money to the penny."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["organisation", "quarter", "date", "start", "area", "minutes", "counts"])
    for visit in statement.visits:
        writer.writerow(
            [
                statement.organisation.name,
                statement.quarter.code,
                visit.date.isoformat(),
                visit.start_time.strftime("%H:%M"),
                visit.area,
                visit.minutes,
                visit.counts or "Not counted: outside every planned slot",
            ]
        )
    writer.writerow([])
    writer.writerow(["counted minutes", statement.counted_minutes])
    writer.writerow(["counted hours", statement.counted_hours])
    writer.writerow(["rate per hour", statement.rate if statement.rate is not None else "not set"])
    writer.writerow(["amount", statement.amount if statement.amount is not None else ""])
    for correction in statement.corrections:
        writer.writerow([f"correction to {correction.quarter} (minutes)", correction.minutes])
        writer.writerow([f"correction to {correction.quarter} (amount)", correction.amount])
    writer.writerow(["total", statement.total if statement.total is not None else ""])
    writer.writerow(["status", statement.claim.get_status_display() if statement.claim else "Not decided"])
    return out.getvalue()


def _statement_for(request, pk, quarter):
    organisation = claim_selectors.claim_organisation_or_404(request.user, pk)
    quarter = claim_selectors.quarter_or_404(quarter)
    require_for_request(request, "hotspots.see_claims", action="report.export", target=organisation)
    return claims.statement(organisation, quarter)


def _filename(statement, extension: str) -> str:
    return f"claim-{statement.organisation.pk}-{statement.quarter.slug}.{extension}"


@login_required
@require_http_methods(["GET", "POST"])
def claim_csv(request, pk, quarter):
    statement = _statement_for(request, pk, quarter)
    title, caption = (
        "Download the claim statement (CSV)",
        f"{statement.organisation.name}, {statement.quarter.code}",
    )
    form = DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        filename = _filename(statement, "csv")
        disclosure_record(
            actor=request.user,
            kind="claim-csv",
            purpose=form.cleaned_data["purpose"],
            recipient=form.cleaned_data["recipient"],
            filename=filename,
            target=statement.organisation,
        )
        return attachment(claim_csv_text(statement), filename, CSV)
    return export_page(request, form, title=title, caption=caption, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def claim_pdf(request, pk, quarter):
    statement = _statement_for(request, pk, quarter)
    title, caption = (
        "Export the claim statement (PDF)",
        f"{statement.organisation.name}, {statement.quarter.code}",
    )
    form = DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        filename = _filename(statement, "pdf")
        try:
            data = pdf.render_pdf(
                template="reports/pdf/claim_statement.html",
                context={
                    "s": statement,
                    "running_reference": f"Claim {statement.organisation.name} {statement.quarter.code}",
                },
                title=f"Patrol claim of {statement.organisation.name} for {statement.quarter.code}",
            )
        except pdf.RenderError as exc:
            return not_made_page(request, form, exc, title=title, caption=caption)
        disclosure_record(
            actor=request.user,
            kind="claim-pdf",
            purpose=form.cleaned_data["purpose"],
            recipient=form.cleaned_data["recipient"],
            filename=filename,
            target=statement.organisation,
        )
        return pdf_response(data, filename)
    return export_page(request, form, title=title, caption=caption, status=400 if form.errors else 200)
