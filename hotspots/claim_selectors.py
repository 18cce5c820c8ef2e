"""Claim reads that depend on who is asking: a manager sees every partner organisation's claims,
a partner lead its own organisation's and nothing else."""

import datetime
from decimal import Decimal

from django.http import Http404

from partners.models import POLICE_KINDS, Organisation
from partners.permissions import may
from partners.roles import is_manager, organisation_of

from .claim_models import Claim, PartnerRate
from .claims import FinancialQuarter
from .models import PatrolLog


def claim_organisations_for(user):
    """The partner organisations whose claims this user reads."""
    if not getattr(user, "is_authenticated", False) or not may(user, "hotspots.see_claims"):
        return Organisation.objects.none()
    partners = Organisation.objects.exclude(kind__in=POLICE_KINDS).order_by("name")
    if is_manager(user):
        return partners
    organisation = organisation_of(user)
    return partners.filter(pk=organisation.pk) if organisation is not None else partners.none()


def claim_organisation_or_404(user, pk) -> Organisation:
    try:
        return claim_organisations_for(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such claim") from exc


def quarter_or_404(slug) -> FinancialQuarter:
    quarter = FinancialQuarter.from_slug(slug)
    if quarter is None:
        raise Http404("No such quarter")
    return quarter


def claims_for(user):
    """The decided claims of the organisations this user reads."""
    return Claim.objects.filter(organisation__in=claim_organisations_for(user))


def rates_in_force(organisations) -> dict[int, Decimal]:
    """Each organisation's rate in force: its first row in PartnerRate's order, newest first,
    as hotspots.claims.current_rate reads one organisation's (one query)."""
    rows = PartnerRate.objects.filter(organisation__in=organisations).values_list("organisation_id", "rate")
    rates: dict[int, Decimal] = {}
    for organisation_id, rate in rows:
        rates.setdefault(organisation_id, rate)
    return rates


def quarters_patrolled(organisations) -> dict[int, set[FinancialQuarter]]:
    """The quarters in which each organisation logged a patrol (one query)."""
    months = (
        PatrolLog.objects.filter(organisation__in=organisations)
        .values_list("organisation_id", "date__year", "date__month")
        .distinct()
    )
    quarters: dict[int, set[FinancialQuarter]] = {}
    for organisation_id, year, month in months:
        quarters.setdefault(organisation_id, set()).add(FinancialQuarter.of(datetime.date(year, month, 1)))
    return quarters
