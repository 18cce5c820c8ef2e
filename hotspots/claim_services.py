"""Every write to partners' claims: a partner's hourly rate, a visit approved to count outside
the rota, and a manager's decision on a quarter's claim. Keyword-only, typed, atomic, audited."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import log_event
from partners.permissions import require

from .claim_models import Claim, CountedVisit, PartnerRate
from .claims import FinancialQuarter, statement
from .models import PatrolLog

MOST_PER_HOUR = Decimal("1000.00")


def _partner(organisation) -> None:
    if organisation.is_police:
        raise ValidationError(
            {"organisation": "The police are not paid by the hour: choose a partner organisation"}
        )


def partner_rate_set(*, actor, organisation, rate: Decimal) -> PartnerRate:
    """A manager sets what the programme pays a partner organisation an hour of patrol."""
    require(actor, "hotspots.decide_claims", action="claim.rate_set", target=organisation)
    _partner(organisation)
    try:
        rate = Decimal(rate).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"rate": "Enter the rate in pounds and pence, for example 18.50"}) from None
    if not Decimal("0.01") <= rate <= MOST_PER_HOUR:
        raise ValidationError({"rate": "Enter a rate between £0.01 and £1,000.00 an hour"})
    with transaction.atomic():
        old = PartnerRate.objects.select_for_update().filter(organisation=organisation).first()
        row = PartnerRate.objects.create(organisation=organisation, rate=rate, set_by=actor)
        log_event(
            action="claim.rate_set",
            actor=actor,
            target=organisation,
            changes={"rate": [str(old.rate) if old else None, str(rate)]},
        )
    return row


def claim_visit_count(*, actor, patrol: PatrolLog, reason: str) -> CountedVisit:
    """A manager approves a partner's visit outside every planned slot to count in its claims."""
    require(actor, "hotspots.decide_claims", action="claim.visit_count", target=patrol)
    _partner(patrol.organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason this visit counts"})
    with transaction.atomic():
        patrol = PatrolLog.objects.select_for_update().get(pk=patrol.pk)
        if CountedVisit.objects.filter(patrol=patrol).exists():
            raise ValidationError({"reason": "This visit already counts"})
        counted = CountedVisit.objects.create(patrol=patrol, approved_by=actor)
        log_event(
            action="claim.visit_count",
            actor=actor,
            target=patrol,
            changes={"counted": [False, True]},
            reason=reason[:500],
        )
    return counted


def _decide(*, actor, organisation, quarter: FinancialQuarter, status: str, note: str, action: str) -> Claim:
    _partner(organisation)
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update().filter(organisation=organisation, quarter=quarter.code).first()
        )
        if claim is not None and claim.status == Claim.Status.APPROVED:
            raise ValidationError(
                f"The claim for {quarter.code} is approved and cannot change: a later change to its "
                "patrols shows as a correction in the next statement"
            )
        now = statement(organisation, quarter)
        if now.rate is None:
            raise ValidationError(f"Set the rate the programme pays {organisation.name} first")
        old_status = claim.status if claim else None
        values = {
            "status": status,
            "note": note,
            "rate": now.rate,
            "minutes": now.counted_minutes,
            "amount": now.total,
            "visits": [visit.as_frozen() for visit in now.visits],
            "corrections": [c.as_frozen() for c in now.corrections],
            "decided_by": actor,
            "decided_at": timezone.now(),
        }
        if claim is None:
            claim = Claim.objects.create(organisation=organisation, quarter=quarter.code, **values)
        else:
            for name, value in values.items():
                setattr(claim, name, value)
            claim.save()
        log_event(
            action=action,
            actor=actor,
            target=claim,
            changes={
                "status": [old_status, status],
                "minutes": [None, claim.minutes],
                "rate": [None, str(claim.rate)],
                "amount": [None, str(claim.amount)],
            },
            reason=note,
        )
    return claim


def claim_approve(*, actor, organisation, quarter: FinancialQuarter) -> Claim:
    """A manager approves a partner's claim for a quarter that has ended: it is fixed from then on."""
    require(actor, "hotspots.decide_claims", action="claim.approve", target=organisation)
    if quarter.end >= timezone.localdate():
        raise ValidationError(f"{quarter.code} ends on {quarter.end:%-d %B %Y}: approve its claim after then")
    return _decide(
        actor=actor,
        organisation=organisation,
        quarter=quarter,
        status=Claim.Status.APPROVED,
        note="",
        action="claim.approve",
    )


def claim_query(*, actor, organisation, quarter: FinancialQuarter, note: str) -> Claim:
    """A manager queries a partner's claim for a quarter, saying what needs answering first."""
    require(actor, "hotspots.decide_claims", action="claim.query", target=organisation)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say what the partner needs to answer"})
    return _decide(
        actor=actor,
        organisation=organisation,
        quarter=quarter,
        status=Claim.Status.QUERIED,
        note=note[:2000],
        action="claim.query",
    )
