"""`manage.py demo` on one shipped month (tests/hotspots/test_demo.py loads all 35), run twice
once for the whole file: the demo's organisations, people, rota, target and claims, and the
second run adding nothing and changing no plan the demo did not make.

The runs happen in a module fixture inside a transaction rolled back after the last test (as in
tests/hotspots/test_demo.py); each test reads what they left in a savepoint of its own. Every
run of the command costs seconds on each database, and these tests once made seven.
"""

import io
import shutil
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from audit.models import Event
from hotspots import demo as hotspots_demo
from hotspots.claim_models import Claim
from hotspots.compliance import MISSED, PART_DELIVERED, compliance
from hotspots.models import PatrolLog
from hotspots.rota_models import FundedTarget, OrganisationTarget, RotaPattern, RotaSlot
from partners import demo as partners_demo
from partners.models import Membership, Organisation
from plans import services
from plans.models import OPEN_STAGES, Plan, PlanPartner, Task
from tests.module_data import loaded_for_the_file

pytestmark = pytest.mark.django_db(transaction=False)

PASSWORD = "demo-pass-123"
EXPECTED_USERS = {"officer", "officer2", "manager", "admin", "pastors", "wardens", "bid"}


def _people():
    return (Organisation.objects.count(), Membership.objects.count(), get_user_model().objects.count())


def _rota():
    return (
        RotaPattern.objects.count(),
        RotaSlot.objects.count(),
        PatrolLog.objects.count(),
        FundedTarget.objects.count(),
        Claim.objects.count(),
        OrganisationTarget.objects.count(),
    )


def _officers_plan(title):
    officer = get_user_model().objects.get(username="officer")
    return services.plan_create(actor=officer, title=title, hotspot_name="Belgrave Gate")


def _state_of(plan):
    plan.refresh_from_db()
    return (
        plan.version,
        plan.state,
        list(PlanPartner.objects.filter(plan=plan).values_list("organisation__name", flat=True)),
        list(Task.objects.filter(plan=plan).values_list("pk", flat=True)),
        list(Event.objects.filter(plan_id=plan.pk).values_list("sequence", flat=True)),
    )


@dataclass
class Runs:
    """What the two runs left, and what was read between them."""

    output: str
    people: tuple  # after each run
    rota: tuple
    user_plans: list  # (plan, its state before the run after it was made)


def _run_twice() -> Runs:
    """An officer's plan made before the demo's plans and tasks (the organisations and people
    loaded first), the demo run, another plan made, the demo run again."""
    partners_demo.load(password=PASSWORD)
    early = _officers_plan("Shoplifting on Belgrave Gate")
    user_plans = [(early, _state_of(early))]
    output = io.StringIO()
    call_command("demo", "--password", PASSWORD, stdout=output)
    first = (_people(), _rota())
    late = _officers_plan("Cycle theft at the bus station")
    user_plans.append((late, _state_of(late)))
    call_command("demo", "--password", PASSWORD, stdout=io.StringIO())
    second = (_people(), _rota())
    return Runs(
        output=output.getvalue(),
        people=(first[0], second[0]),
        rota=(first[1], second[1]),
        user_plans=user_plans,
    )


@pytest.fixture(scope="module", autouse=True)
def runs(django_db_setup, django_db_blocker, tmp_path_factory):
    """The two runs on one shipped month, rolled back after the file's last test."""
    folder = tmp_path_factory.mktemp("one-month")
    shutil.copy(hotspots_demo.DATA_DIR / "2022-10-leicestershire-street.csv.gz", folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hotspots_demo, "DATA_DIR", folder)
        with loaded_for_the_file(django_db_blocker, _run_twice) as loaded:
            yield loaded


def test_demo_creates_the_programme_and_running_it_again_duplicates_nothing(runs):
    assert runs.people[0] == runs.people[1]
    # The force, its two police teams (neighbourhood, CCTV) and the partner organisations.
    assert Organisation.objects.count() == 11
    assert Organisation.objects.filter(kind=Organisation.Kind.POLICE_TEAM).count() == 2
    assert set(get_user_model().objects.values_list("username", flat=True)) >= EXPECTED_USERS
    assert get_user_model().objects.get(username="pastors").check_password(PASSWORD)
    assert "pastors" in runs.output and PASSWORD in runs.output


def test_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")


def test_demo_partner_leads_lead_their_organisation():
    m = Membership.objects.get(user__username="wardens")
    assert m.organisation.name == "City Street Wardens"
    assert m.role == Membership.Role.LEAD


def test_the_demo_never_changes_a_plan_it_did_not_make(runs):
    (early, early_state), (late, late_state) = runs.user_plans
    assert _state_of(early) == early_state and _state_of(late) == late_state
    assert early_state[2] == [] and late_state[2] == []
    # The demo's own plans did get their partners and tasks.
    assert PlanPartner.objects.exclude(plan__in=[early, late]).exists()
    assert Task.objects.exclude(plan__in=[early, late]).exists()
    assert Plan.objects.count() == 7 + 2


def test_the_demo_plans_a_rota_target_and_claims_once(runs):
    """A rota in each hotspot with an open plan over the patrolled quarters, some slots missed
    and some part-delivered, a funded target shared by the organisations that patrolled, one
    approved claim and one queried; the second run adds none of them again."""
    assert runs.rota[0] == runs.rota[1]
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
