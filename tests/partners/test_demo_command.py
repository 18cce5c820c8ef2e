import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from partners.models import Membership, Organisation

pytestmark = pytest.mark.django_db(transaction=False)

EXPECTED_USERS = {"officer", "officer2", "manager", "admin", "pastors", "wardens", "bid"}


def test_demo_creates_the_programme_and_running_it_again_duplicates_nothing(settings, capsys):
    settings.DEBUG = True
    call_command("demo", "--password", "demo-pass-123")
    first = (Organisation.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    call_command("demo", "--password", "demo-pass-123")
    second = (Organisation.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    assert first == second
    assert Organisation.objects.count() == 9
    assert set(get_user_model().objects.values_list("username", flat=True)) >= EXPECTED_USERS
    assert get_user_model().objects.get(username="pastors").check_password("demo-pass-123")
    out = capsys.readouterr().out
    assert "pastors" in out and "demo-pass-123" in out


def test_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")


def test_demo_partner_leads_lead_their_organisation(settings):
    settings.DEBUG = True
    call_command("demo")
    m = Membership.objects.get(user__username="wardens")
    assert m.organisation.name == "City Street Wardens"
    assert m.role == Membership.Role.LEAD
