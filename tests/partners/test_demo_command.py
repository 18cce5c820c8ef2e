import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from audit.models import Event
from hotspots import demo as hotspots_demo
from partners import demo as partners_demo
from partners.models import Membership, Organisation
from plans import services
from plans.models import Plan, PlanPartner, Task

pytestmark = pytest.mark.django_db(transaction=False)

EXPECTED_USERS = {"officer", "officer2", "manager", "admin", "pastors", "wardens", "bid"}


@pytest.fixture(autouse=True)
def one_month(tmp_path, monkeypatch, settings):
    """One shipped month is enough here (tests/hotspots/test_demo.py loads all 35)."""
    settings.DEBUG = True
    shutil.copy(hotspots_demo.DATA_DIR / "2022-10-leicestershire-street.csv.gz", tmp_path)
    monkeypatch.setattr(hotspots_demo, "DATA_DIR", tmp_path)


def test_demo_creates_the_programme_and_running_it_again_duplicates_nothing(capsys):
    call_command("demo", "--password", "demo-pass-123")
    first = (Organisation.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    call_command("demo", "--password", "demo-pass-123")
    second = (Organisation.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    assert first == second
    # The force, its two police teams (neighbourhood, CCTV) and the partner organisations.
    assert Organisation.objects.count() == 11
    assert Organisation.objects.filter(kind=Organisation.Kind.POLICE_TEAM).count() == 2
    assert set(get_user_model().objects.values_list("username", flat=True)) >= EXPECTED_USERS
    assert get_user_model().objects.get(username="pastors").check_password("demo-pass-123")
    out = capsys.readouterr().out
    assert "pastors" in out and "demo-pass-123" in out


def test_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")


def test_demo_partner_leads_lead_their_organisation():
    call_command("demo")
    m = Membership.objects.get(user__username="wardens")
    assert m.organisation.name == "City Street Wardens"
    assert m.role == Membership.Role.LEAD


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


def test_the_demo_never_changes_a_plan_it_did_not_make():
    # An officer's plan made before the demo's plans and tasks, and one made after a first run.
    partners_demo.load(password="demo-pass-123")
    early = _officers_plan("Shoplifting on Belgrave Gate")
    early_state = _state_of(early)
    call_command("demo", "--password", "demo-pass-123")
    late = _officers_plan("Cycle theft at the bus station")
    late_state = _state_of(late)
    call_command("demo", "--password", "demo-pass-123")

    assert _state_of(early) == early_state and _state_of(late) == late_state
    assert early_state[2] == [] and late_state[2] == []
    # The demo's own plans did get their partners and tasks.
    assert PlanPartner.objects.exclude(plan__in=[early, late]).exists()
    assert Task.objects.exclude(plan__in=[early, late]).exists()
    assert Plan.objects.count() == 7 + 2
