"""The demo's rota, target and claims: a rota in each hotspot with an open plan over the patrolled
quarters, some slots missed and some part-delivered, a funded target, one approved claim and one
queried; running the demo again adds nothing."""

import shutil

import pytest
from django.core.management import call_command

from audit.models import Event
from hotspots import demo as hotspots_demo
from hotspots.claim_models import Claim
from hotspots.compliance import MISSED, PART_DELIVERED, compliance
from hotspots.models import PatrolLog
from hotspots.rota_models import FundedTarget, OrganisationTarget, RotaPattern, RotaSlot
from plans.models import OPEN_STAGES, Plan

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def one_month(tmp_path, monkeypatch, settings):
    """One shipped month is enough here (tests/hotspots/test_demo.py loads all 35)."""
    settings.DEBUG = True
    shutil.copy(hotspots_demo.DATA_DIR / "2022-10-leicestershire-street.csv.gz", tmp_path)
    monkeypatch.setattr(hotspots_demo, "DATA_DIR", tmp_path)


def _counts():
    return (
        RotaPattern.objects.count(),
        RotaSlot.objects.count(),
        PatrolLog.objects.count(),
        FundedTarget.objects.count(),
        Claim.objects.count(),
        OrganisationTarget.objects.count(),
        Event.objects.count(),
    )


def test_the_demo_plans_a_rota_target_and_claims_once():
    call_command("demo", "--password", "demo-pass-123")
    first, last = hotspots_demo.QUARTERS[0][0], hotspots_demo.QUARTERS[-1][1]
    open_areas = set(Plan.objects.filter(state__in=OPEN_STAGES).values_list("area__name", flat=True))
    assert set(RotaPattern.objects.values_list("area__name", flat=True)) == open_areas - {None}
    assert all(p.first_date == first and p.last_date == last for p in RotaPattern.objects.all())
    result = compliance(slots=RotaSlot.objects.all(), patrols=PatrolLog.objects.all(), first=first, last=last)
    statuses = {slot.status for slot in result.slots}
    assert {MISSED, PART_DELIVERED, "delivered"} <= statuses
    assert 0 < result.total.compliance < 100
    target = FundedTarget.objects.get()
    assert (target.first_date, target.last_date) == (first, last)
    # Each organisation that patrolled has its share, in proportion to its hours, within the whole.
    patrolled = set(
        PatrolLog.objects.filter(date__gte=first, date__lte=last).values_list("organisation__name", flat=True)
    )
    shares = dict(OrganisationTarget.objects.values_list("organisation__name", "hours"))
    assert set(shares) == patrolled and len(shares) >= 3
    assert all(hours % 25 == 0 and hours > 0 for hours in shares.values())
    assert sum(shares.values()) <= target.hours
    assert sorted(Claim.objects.values_list("status", flat=True)) == ["approved", "queried"]
    before = _counts()
    call_command("demo", "--password", "demo-pass-123")
    assert _counts()[:6] == before[:6]
