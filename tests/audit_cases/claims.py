"""Audit cases for partners' claims (hotspots.claim_services)."""

import datetime
from decimal import Decimal

from hotspots import claim_services
from hotspots.claim_models import PartnerRate
from hotspots.claims import FinancialQuarter
from tests.factories import make_patrol

Q1 = FinancialQuarter(2026, 1)


def _pastors(w):
    return w.users["partner_on"].memberships.get().organisation


def _rated(w):
    """Street Pastors at £18.35 an hour, written directly."""
    PartnerRate.objects.create(organisation=_pastors(w), rate=Decimal("18.35"), set_by=w.users["manager"])
    return _pastors(w)


def partner_rate_set(w):
    claim_services.partner_rate_set(actor=w.users["manager"], organisation=_pastors(w), rate=Decimal("18.35"))
    return {"action": "claim.rate_set", "actor": w.users["manager"], "target": _pastors(w)}


def claim_visit_count(w):
    patrol = make_patrol(area=w.area, logged_by=w.users["partner_on"], date=datetime.date(2026, 4, 4))
    claim_services.claim_visit_count(actor=w.users["manager"], patrol=patrol, reason="Asked for on the night")
    return {"action": "claim.visit_count", "actor": w.users["manager"], "target": patrol}


def claim_approve(w):
    claim = claim_services.claim_approve(actor=w.users["manager"], organisation=_rated(w), quarter=Q1)
    return {"action": "claim.approve", "actor": w.users["manager"], "target": claim}


def claim_query(w):
    claim = claim_services.claim_query(
        actor=w.users["manager"], organisation=_rated(w), quarter=Q1, note="Two visits have no times"
    )
    return {"action": "claim.query", "actor": w.users["manager"], "target": claim}


CASES = {
    "hotspots.claim_services.partner_rate_set": partner_rate_set,
    "hotspots.claim_services.claim_visit_count": claim_visit_count,
    "hotspots.claim_services.claim_approve": claim_approve,
    "hotspots.claim_services.claim_query": claim_query,
}
