"""An administrator resets a user's second factor (a lost phone); the deployment check insists on MFA."""

import os
import secrets

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Event
from partners import checks, mfa_services
from tests.conftest import PASSWORD
from tests.mfa import enrol
from tests.partners.test_settings import _check, _shell

pytestmark = pytest.mark.django_db


def test_an_administrator_resets_a_second_factor_from_the_user_admin(client, admin_user, officer, settings):
    settings.MFA_EXEMPT_USERNAMES = []
    enrol(officer)
    officers_browser = Client()
    officers_browser.force_login(officer)
    assert officers_browser.get("/plans/").status_code == 200
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [officer.pk]},
        follow=True,
    )
    assert "Second factor reset for officer" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    event = Event.objects.filter(action="auth.mfa_reset").get()
    assert (event.actor_id, event.target_id) == (admin_user.pk, str(officer.pk))
    assert event.changes == {"second factor": ["set up", "none"], "sessions ended": [None, 1]}
    # Signed out everywhere: whoever has the lost phone may have been signed in as them.
    assert officers_browser.get("/plans/").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200  # the administrator is not

    # At the next sign-in the user sets up an app again.
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.url == reverse("mfa_enrol")


def test_only_an_administrator_may_reset_and_a_refusal_is_audited(officer, officer2, manager):
    enrol(officer)
    for actor in (officer2, manager, officer):
        with pytest.raises(PermissionDenied):
            mfa_services.mfa_reset(actor=actor, user=officer)
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert Event.objects.filter(action="auth.mfa_reset.refused").count() == 3


def test_an_administrator_cannot_reset_a_superusers(admin_user, officer):
    officer.is_superuser = True
    officer.save()
    enrol(officer)
    with pytest.raises(PermissionDenied):
        mfa_services.mfa_reset(actor=admin_user, user=officer)
    assert TOTPDevice.objects.filter(user=officer).exists()


def test_the_deploy_check_fails_with_mfa_off_or_anyone_exempt(settings):
    settings.MFA_REQUIRED, settings.MFA_EXEMPT_USERNAMES = True, []
    assert checks.second_factor_required(None) == []
    settings.MFA_REQUIRED = False
    assert [e.id for e in checks.second_factor_required(None)] == ["partners.E001"]
    settings.MFA_REQUIRED, settings.MFA_EXEMPT_USERNAMES = True, ["admin"]
    assert [e.id for e in checks.second_factor_required(None)] == ["partners.E002"]


def test_production_settings_fail_check_deploy_with_mfa_off():
    base = {"ALLOWED_HOSTS": "plans.example.org", "SECRET_KEY": secrets.token_urlsafe(50)}
    result = _check({**base, "MFA_REQUIRED": "false"})
    assert result.returncode != 0
    assert "partners.E001" in result.stderr + result.stdout
    result = _check({**base, "MFA_EXEMPT_USERNAMES": "admin"})
    assert result.returncode != 0
    assert "partners.E002" in result.stderr + result.stdout


def test_production_settings_exempt_nobody_by_default():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.production", "ALLOWED_HOSTS": "x.example.org"}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DEBUG="true")
    env.pop("MFA_EXEMPT_USERNAMES", None)
    env.pop("MFA_REQUIRED", None)
    out = _shell(
        "from django.conf import settings; print(settings.MFA_REQUIRED, settings.MFA_EXEMPT_USERNAMES)", env
    )
    assert out == ["True", "[]"]
