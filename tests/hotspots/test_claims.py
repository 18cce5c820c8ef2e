"""Partners' quarterly claims, worked by hand: which visits count, the hours at the rate, the total
to the penny; an approved claim fixed; a later change shown as a correction in the next
statement; partners see only their own organisation's claims."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import Event
from hotspots import claim_selectors, claim_services, rota_services
from hotspots.claim_models import Claim
from hotspots.claims import APPROVED, IN_SLOT, FinancialQuarter, money, statement
from hotspots.models import PatrolLog
from partners.refusals import Refused
from tests.factories import make_patrol

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
Q1, Q2 = FinancialQuarter(2026, 1), FinancialQuarter(2026, 2)


def org(user):
    return user.memberships.get().organisation


@pytest.fixture
def q1(world):
    """Street Pastors: Fridays 22:00 for 240 minutes, April to June 2026, at £18.35 an hour.

    Visits: Friday 3 April 22:30 for 60 minutes (in the slot), Saturday 4 April 14:00 for 45
    (outside every slot), Friday 10 April 23:50 for 37 (in the slot, past midnight); and a
    City Street Wardens visit over the 3 April slot, which is not Street Pastors' at all.
    """
    pastors = org(world.users["partner_on"])
    rota_services.rota_pattern_create(
        actor=world.users["owner"],
        area=world.area,
        organisation=pastors,
        weekdays=[4],
        start_time=T(22, 0),
        minutes=240,
        staff_count=2,
        first_date=D(2026, 4, 3),
        last_date=D(2026, 6, 26),
    )
    claim_services.partner_rate_set(actor=world.users["manager"], organisation=pastors, rate=Decimal("18.35"))
    lead = world.users["partner_on"]
    visits = {
        "in": make_patrol(
            area=world.area, logged_by=lead, date=D(2026, 4, 3), start_time=T(22, 30), minutes=60
        ),
        "outside": make_patrol(
            area=world.area, logged_by=lead, date=D(2026, 4, 4), start_time=T(14, 0), minutes=45
        ),
        "late": make_patrol(
            area=world.area, logged_by=lead, date=D(2026, 4, 10), start_time=T(23, 50), minutes=37
        ),
    }
    make_patrol(
        area=world.area,
        logged_by=world.users["partner_off"],
        date=D(2026, 4, 3),
        start_time=T(22, 0),
        minutes=240,
    )
    return pastors, visits


def test_quarters_are_financial_years():
    assert FinancialQuarter.of(D(2026, 3, 31)).code == "2025/26 Q4"
    assert FinancialQuarter.of(D(2026, 4, 1)).code == "2026/27 Q1"
    assert (Q1.start, Q1.end, Q1.slug) == (D(2026, 4, 1), D(2026, 6, 30), "2026-27-q1")
    assert FinancialQuarter(2026, 4).end == D(2027, 3, 31) and FinancialQuarter(
        2026, 4
    ).following == FinancialQuarter(2027, 1)
    assert FinancialQuarter.from_slug("2026-27-q1") == Q1 and FinancialQuarter.from_code("2026/27 Q1") == Q1
    assert (
        FinancialQuarter.from_slug("2026-28-q1") is None and FinancialQuarter.from_slug("2026-27-q5") is None
    )


def test_money_is_to_the_penny_half_up():
    assert money(97, Decimal("18.35")) == Decimal("29.67")  # 1,779.95 / 60 = 29.6658...
    assert money(30, Decimal("18.35")) == Decimal("9.18")  # 9.175, half up
    assert money(1, Decimal("0.30")) == Decimal("0.01")  # 0.005, half up


def test_the_statement_counts_visits_in_slots_at_the_rate(world, q1):
    pastors, visits = q1
    s = statement(pastors, Q1)
    assert [(v.pk, v.counts) for v in s.visits] == [
        (visits["in"].pk, IN_SLOT),
        (visits["outside"].pk, ""),
        (visits["late"].pk, IN_SLOT),
    ]
    assert s.counted_minutes == 97 and s.counted_hours == Decimal("1.62")
    assert (s.rate, s.amount, s.total) == (Decimal("18.35"), Decimal("29.67"), Decimal("29.67"))


def test_a_visit_a_manager_approves_counts(world, q1):
    pastors, visits = q1
    with pytest.raises(Refused):
        claim_services.claim_visit_count(actor=world.users["owner"], patrol=visits["outside"], reason="Asked")
    claim_services.claim_visit_count(actor=world.users["manager"], patrol=visits["outside"], reason="Asked")
    s = statement(pastors, Q1)
    assert [v.counts for v in s.visits] == [IN_SLOT, APPROVED, IN_SLOT]
    # 142 minutes x £18.35 = 2,605.70 / 60 = 43.428...
    assert (s.counted_minutes, s.total) == (142, Decimal("43.43"))


def test_an_approved_claim_is_fixed_and_a_later_change_is_corrected_next_quarter(world, q1):
    pastors, visits = q1
    manager = world.users["manager"]
    claim = claim_services.claim_approve(actor=manager, organisation=pastors, quarter=Q1)
    assert (claim.status, claim.minutes, claim.rate, claim.amount) == (
        "approved",
        97,
        Decimal("18.35"),
        Decimal("29.67"),
    )
    event = Event.objects.get(action="claim.approve")
    assert event.changes["amount"] == [None, "29.67"]
    with pytest.raises(ValidationError):
        claim_services.claim_approve(actor=manager, organisation=pastors, quarter=Q1)
    with pytest.raises(ValidationError):
        claim_services.claim_query(actor=manager, organisation=pastors, quarter=Q1, note="Late")
    # After approval: the late visit was 67 minutes, not 37, and the rate goes up.
    PatrolLog.objects.filter(pk=visits["late"].pk).update(minutes=67)
    claim_services.partner_rate_set(actor=manager, organisation=pastors, rate=Decimal("20.00"))
    fixed = statement(pastors, Q1)
    assert (fixed.counted_minutes, fixed.rate, fixed.total) == (97, Decimal("18.35"), Decimal("29.67"))
    assert [v.minutes for v in fixed.visits] == [60, 45, 37]
    # The next statement corrects Q1 at Q1's rate: +30 minutes x £18.35 = 9.175, so £9.18.
    following = statement(pastors, Q2)
    assert [(c.quarter, c.paid_minutes, c.now_minutes, c.amount) for c in following.corrections] == [
        ("2026/27 Q1", 97, 127, Decimal("9.18"))
    ]
    assert (following.amount, following.total) == (Decimal("0.00"), Decimal("9.18"))
    claim_services.claim_approve(actor=manager, organisation=pastors, quarter=Q2)
    # Once paid, the correction is not made again.
    assert statement(pastors, FinancialQuarter(2026, 3)).corrections == []


def test_a_query_says_why_and_can_be_approved_later(world, q1):
    pastors, _ = q1
    manager = world.users["manager"]
    with pytest.raises(ValidationError):
        claim_services.claim_query(actor=manager, organisation=pastors, quarter=Q1, note="  ")
    claim_services.claim_query(
        actor=manager, organisation=pastors, quarter=Q1, note="Which visits were on foot?"
    )
    assert Claim.objects.get().status == "queried"
    assert statement(pastors, Q1).claim.note == "Which visits were on foot?"
    claim_services.claim_approve(actor=manager, organisation=pastors, quarter=Q1)
    assert Claim.objects.get().status == "approved"


def test_a_quarter_not_over_is_not_approved_and_a_rate_is_needed(world, q1):
    pastors, _ = q1
    with pytest.raises(ValidationError, match="approve its claim after then"):
        claim_services.claim_approve(
            actor=world.users["manager"],
            organisation=pastors,
            quarter=FinancialQuarter.of(datetime.date.today()),
        )
    bid = org(world.users["owner"]).__class__.objects.get(name="BID Leicester")
    with pytest.raises(ValidationError, match="Set the rate"):
        claim_services.claim_approve(actor=world.users["manager"], organisation=bid, quarter=Q1)
    with pytest.raises(ValidationError):
        claim_services.partner_rate_set(
            actor=world.users["manager"], organisation=org(world.users["owner"]), rate=Decimal("5")
        )


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_only_managers_decide_and_set_rates(world, q1, persona):
    pastors, _ = q1
    with pytest.raises(Refused):
        claim_services.claim_approve(actor=world.users[persona], organisation=pastors, quarter=Q1)
    with pytest.raises(Refused):
        claim_services.partner_rate_set(actor=world.users[persona], organisation=pastors, rate=Decimal("1"))


def test_partners_see_only_their_own_organisations_claims(world, q1):
    pastors, _ = q1
    assert list(claim_selectors.claim_organisations_for(world.users["partner_on"])) == [pastors]
    assert pastors not in claim_selectors.claim_organisations_for(world.users["partner_off"])
    assert not claim_selectors.claim_organisations_for(world.users["owner"]).exists()
    manager_sees = claim_selectors.claim_organisations_for(world.users["manager"])
    assert pastors in manager_sees and not manager_sees.filter(kind="police").exists()
