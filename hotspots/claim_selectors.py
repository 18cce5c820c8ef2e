"""Claim reads that depend on who is asking: a manager sees every partner organisation's claims,
a partner lead its own organisation's and nothing else."""

from django.http import Http404

from partners.models import POLICE_KINDS, Organisation
from partners.permissions import may
from partners.roles import is_manager, organisation_of

from .claim_models import Claim
from .claims import FinancialQuarter


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
