"""The demo's rota, funded target and claims, after its patrols (hotspots.demo): a pattern for each
organisation that patrols each hotspot with an open plan, over the patrolled quarters (the random
patrols leave some slots missed and many part-delivered), a funded target for those quarters with
each patrolling organisation's share of it, an hourly rate for each partner, one approved claim and one queried. Safe to run again: each part is
made only when it is not there yet."""

import datetime
import math
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from partners.models import Organisation

from . import claim_services, patrol_services, rota_services
from .claim_models import Claim, PartnerRate
from .claims import FinancialQuarter
from .demo import PATROL_PLAN, QUARTERS
from .models import Area, PatrolLog
from .rota_models import FundedTarget, RotaPattern

# (organisation, weekdays, start, minutes): when each plans to patrol, roughly when it did.
PATTERNS = {
    "Leicestershire Police": ([3, 4, 5], datetime.time(21, 0), 120),
    "Street Pastors": ([4, 5], datetime.time(22, 0), 180),
    "City Street Wardens": ([1, 3], datetime.time(12, 0), 180),
    "BID Leicester": ([0, 2, 4], datetime.time(11, 0), 240),
}
RATES = {
    "Street Pastors": Decimal("18.50"),
    "City Street Wardens": Decimal("21.00"),
    "BID Leicester": Decimal("16.25"),
}
APPROVED = ("Street Pastors", FinancialQuarter(2022, 1))
QUERIED = ("City Street Wardens", FinancialQuarter(2022, 2))


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _walk_the_slots(pattern, *, logger, kind, rng) -> int:
    """Patrols in a new pattern's slots, as its organisation walked them: about half whole, a
    fifth part of the way (a late start), the rest left to the random visits (mostly missed)."""
    logged = 0
    for slot in pattern.slots.order_by("starts_at"):
        roll = rng.random()
        if roll < 0.5:
            late, minutes = 0, slot.minutes
        elif roll < 0.7:
            late = rng.choice([30, 45, 60])
            minutes = slot.minutes - late
        else:
            continue
        start = (
            datetime.datetime.combine(slot.date, slot.start_time) + datetime.timedelta(minutes=late)
        ).time()
        try:
            patrol_services.patrol_log(
                actor=logger,
                area=pattern.area,
                date=slot.date,
                start_time=start,
                minutes=minutes,
                staff_count=slot.staff_count,
                kind=kind,
                engagements=rng.choice([0, 1, 2, 3]),
                arrests=0,
                stop_searches=0,
                asb_powers=0,
                note="",
            )
        except (ValidationError, ValueError):  # a random visit already logged at that very time
            continue
        logged += 1
    return logged


def plan_rotas(*, actor, stdout=None) -> int:
    made = 0
    first, last = QUARTERS[0][0], QUARTERS[-1][1]
    rng = random.Random(2022)  # the same demo every time
    users = get_user_model().objects.in_bulk(field_name="username")
    for org_name, username, area_names, kind, *_rest in PATROL_PLAN:
        organisation = Organisation.objects.filter(name=org_name).first()
        if organisation is None or org_name not in PATTERNS:
            continue
        weekdays, start, minutes = PATTERNS[org_name]
        for area in Area.objects.filter(name__in=area_names):
            if RotaPattern.objects.filter(area=area, organisation=organisation).exists():
                continue
            try:
                pattern = rota_services.rota_pattern_create(
                    actor=actor,
                    area=area,
                    organisation=organisation,
                    weekdays=weekdays,
                    start_time=start,
                    minutes=minutes,
                    staff_count=2,
                    first_date=first,
                    last_date=last,
                )
            except ValidationError:  # no open plan there, or the partner is not on it: no rota
                continue
            made += 1
            if username in users:
                walked = _walk_the_slots(pattern, logger=users[username], kind=kind, rng=rng)
                _say(stdout, f"  rota for {org_name} in {area.name}: {walked} slot(s) patrolled")
    return made


def set_target(*, actor) -> FundedTarget | None:
    """A target a little above what was delivered, so the programme fell short of it."""
    if FundedTarget.objects.exists():
        return None
    first, last = QUARTERS[0][0], QUARTERS[-1][1]
    minutes = PatrolLog.objects.filter(date__gte=first, date__lte=last).aggregate(m=Sum("minutes"))["m"] or 0
    hours = max(100, math.ceil(minutes / 60 * 1.1 / 50) * 50)
    return rota_services.funded_target_set(actor=actor, first_date=first, last_date=last, hours=hours)


def set_organisation_targets(*, actor) -> int:
    """Each patrolling organisation's share of the funded hours, in proportion to the hours it
    delivered (rounded down to 25), so each falls short of its own as the programme does of its."""
    from . import target_services
    from .rota_models import OrganisationTarget

    programme = FundedTarget.objects.first()
    if programme is None or OrganisationTarget.objects.exists():
        return 0
    delivered = dict(
        PatrolLog.objects.filter(date__gte=programme.first_date, date__lte=programme.last_date)
        .order_by()
        .values_list("organisation")
        .annotate(minutes=Sum("minutes"))
    )
    total = sum(delivered.values())
    made = 0
    for organisation in Organisation.objects.filter(pk__in=delivered).order_by("name"):
        hours = programme.hours * delivered[organisation.pk] // total // 25 * 25
        if hours:
            target_services.organisation_target_set(actor=actor, organisation=organisation, hours=hours)
            made += 1
    return made


def decide_claims(*, actor) -> int:
    made = 0
    for name, rate in RATES.items():
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is not None and not PartnerRate.objects.filter(organisation=organisation).exists():
            claim_services.partner_rate_set(actor=actor, organisation=organisation, rate=rate)
    for (name, quarter), decision in [(APPROVED, "approve"), (QUERIED, "query")]:
        organisation = Organisation.objects.filter(name=name).first()
        if (
            organisation is None
            or Claim.objects.filter(organisation=organisation, quarter=quarter.code).exists()
        ):
            continue
        if decision == "approve":
            claim_services.claim_approve(actor=actor, organisation=organisation, quarter=quarter)
        else:
            claim_services.claim_query(
                actor=actor,
                organisation=organisation,
                quarter=quarter,
                note="Some visits fall outside your planned slots: were they asked for by the police?",
            )
        made += 1
    return made


def load(*, password: str, stdout=None) -> None:
    users = (
        get_user_model().objects.filter(username__in=["officer", "manager"]).in_bulk(field_name="username")
    )
    if len(users) < 2:
        _say(stdout, "  rota: demo users missing, load partners.demo first")
        return
    with transaction.atomic():
        patterns = plan_rotas(actor=users["officer"], stdout=stdout)
        target = set_target(actor=users["manager"])
        shares = set_organisation_targets(actor=users["manager"])
        claims = decide_claims(actor=users["manager"])
    _say(
        stdout,
        f"  rota: {patterns} pattern(s) planned"
        + (f", funded target {target.hours:,} hours" if target else "")
        + (f" shared by {shares} organisation(s)" if shares else "")
        + f", {claims} claim(s) decided",
    )
