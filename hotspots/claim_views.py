"""Partners' quarterly claims: the list, a statement, a manager's decision, rates and visits counted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partners.permissions import may, require, require_for_request

from . import claim_selectors, claim_services, claims
from .claim_forms import ClaimQueryForm, CountVisitForm, PartnerRateForm
from .selectors import patrol_for_user_or_404

QUARTERS_LISTED = 4


@login_required
@require_GET
def claim_list(request):
    require(request.user, "hotspots.see_claims", action="claim.list", record=False)
    organisations = list(claim_selectors.claim_organisations_for(request.user))
    this = claims.FinancialQuarter.of(timezone.localdate())
    recent = [this]
    for _ in range(QUARTERS_LISTED - 1):
        recent.append(recent[-1].previous)
    decided = {(c.organisation_id, c.quarter): c for c in claim_selectors.claims_for(request.user)}
    # Each organisation's recent quarters, and every earlier one it patrolled or had a claim in.
    quarters = {organisation.pk: set(recent) for organisation in organisations}
    for organisation_id, code in decided:
        quarters[organisation_id].add(claims.FinancialQuarter.from_code(code))
    for organisation_id, patrolled in claim_selectors.quarters_patrolled(organisations).items():
        quarters[organisation_id] |= patrolled
    rates = claim_selectors.rates_in_force(organisations)
    rows = [
        {
            "organisation": organisation,
            "rate": rates.get(organisation.pk),
            "quarters": [
                {"quarter": q, "claim": decided.get((organisation.pk, q.code))}
                for q in sorted(quarters[organisation.pk], key=lambda q: q.start, reverse=True)
            ],
        }
        for organisation in organisations
    ]
    return render(
        request,
        "hotspots/claim_list.html",
        {"rows": rows, "current": this, "can_decide": may(request.user, "hotspots.decide_claims")},
    )


def _statement_page(request, organisation, quarter, *, query_form=None, status=200):
    statement = claims.statement(organisation, quarter)
    return render(
        request,
        "hotspots/claim_statement.html",
        {
            "statement": statement,
            "organisation": organisation,
            "quarter": quarter,
            "can_decide": may(request.user, "hotspots.decide_claims"),
            "ended": quarter.end < timezone.localdate(),
            "query_form": query_form or ClaimQueryForm(),
            "count_form": CountVisitForm(),
        },
        status=status,
    )


@login_required
@require_GET
def claim_statement(request, pk, quarter):
    organisation = claim_selectors.claim_organisation_or_404(request.user, pk)
    quarter = claim_selectors.quarter_or_404(quarter)
    return _statement_page(request, organisation, quarter)


@login_required
@require_POST
def claim_decide(request, pk, quarter):
    organisation = claim_selectors.claim_organisation_or_404(request.user, pk)
    quarter = claim_selectors.quarter_or_404(quarter)
    decision = request.POST.get("decision")
    action = "claim.query" if decision == "query" else "claim.approve"
    require_for_request(request, "hotspots.decide_claims", action=action, target=organisation)
    form = ClaimQueryForm(request.POST if decision == "query" else None)
    try:
        if decision == "query":
            if not form.is_valid():
                return _statement_page(request, organisation, quarter, query_form=form, status=400)
            claim_services.claim_query(
                actor=request.user, organisation=organisation, quarter=quarter, note=form.cleaned_data["note"]
            )
            messages.success(request, f"The claim of {organisation.name} for {quarter.code} is queried")
        else:
            claim = claim_services.claim_approve(
                actor=request.user, organisation=organisation, quarter=quarter
            )
            messages.success(
                request, f"The claim of {organisation.name} for {quarter.code} is approved: £{claim.amount:,}"
            )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _statement_page(request, organisation, quarter, query_form=form, status=400)
    return redirect("claims:statement", pk=organisation.pk, quarter=quarter.slug)


@login_required
@require_http_methods(["GET", "POST"])
def partner_rate(request, pk):
    organisation = claim_selectors.claim_organisation_or_404(request.user, pk)
    require_for_request(request, "hotspots.decide_claims", action="claim.rate_set", target=organisation)
    current = claims.current_rate(organisation)
    form = PartnerRateForm(request.POST or None, initial={"rate": current} if current else None)
    if request.method == "POST" and form.is_valid():
        try:
            claim_services.partner_rate_set(
                actor=request.user, organisation=organisation, rate=form.cleaned_data["rate"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"{organisation.name} is paid £{form.cleaned_data['rate']:,} an hour of patrol"
            )
            return redirect("claims:list")
    return render(
        request,
        "hotspots/claim_rate_form.html",
        {"form": form, "organisation": organisation, "current": current},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def count_visit(request, pk):
    patrol = patrol_for_user_or_404(request.user, pk)
    require_for_request(request, "hotspots.decide_claims", action="claim.visit_count", target=patrol)
    quarter = claims.FinancialQuarter.of(patrol.date)
    form = CountVisitForm(request.POST)
    if form.is_valid():
        try:
            claim_services.claim_visit_count(
                actor=request.user, patrol=patrol, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(
            request, f"The visit on {patrol.date:%-d %B %Y} at {patrol.start_time:%H:%M} now counts"
        )
    return redirect("claims:statement", pk=patrol.organisation_id, quarter=quarter.slug)
