"""Sign-in with a second factor, through the real views: setting up the app at the first sign-in,
codes right and wrong, recovery codes used once, the lockout, and every step audited."""

import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import integrity
from audit.models import Event
from partners import mfa
from tests.conftest import PASSWORD
from tests.mfa import enrol, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nobody_exempt(settings):
    settings.MFA_EXEMPT_USERNAMES = []
    # django-otp's own slow-down after a wrong code: off here, so a right code may follow a
    # wrong one at once (test_a_wrong_code_slows_the_next_down has it on).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def head() -> int:
    return Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def actions_since(before: int) -> list[str]:
    return list(
        Event.objects.filter(sequence__gt=before).order_by("sequence").values_list("action", flat=True)
    )


def password_step(client, user, password=PASSWORD, next_url=None):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def failures(user) -> int:
    return sum(
        AccessAttempt.objects.filter(username=user.username).values_list("failures_since_start", flat=True)
    )


def test_first_sign_in_sets_up_the_app_then_shows_recovery_codes_once(client, officer):
    before = head()
    response = password_step(client, officer, next_url="/plans/")
    assert response.status_code == 302 and response.url == reverse("mfa_enrol")
    assert not signed_in(client)
    assert actions_since(before) == []  # a right password alone is not a sign-in

    page = client.get(reverse("mfa_enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, made here
    key = client.session[mfa.PENDING_KEY]["key"]
    assert mfa.key_for_typing(key) in html

    response = client.post(reverse("mfa_enrol"), {"code": totp_code(key)})
    assert response.status_code == 302 and response.url == reverse("mfa_recovery_codes")
    assert signed_in(client)
    assert TOTPDevice.objects.filter(user=officer, confirmed=True, key=key).exists()
    assert actions_since(before) == ["auth.mfa_enrol", "auth.login"]

    page = client.get(reverse("mfa_recovery_codes")).content.decode()
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", page)
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    )
    assert len(codes) == 10
    assert 'href="/plans/"' in page
    again = client.get(reverse("mfa_recovery_codes")).content.decode()
    assert not set(codes) & set(re.findall(r"<code>([a-z2-7]{8})</code>", again))
    assert "shown once" in again
    assert integrity.verify_chain().count == head()


def test_a_wrong_code_at_setup_is_refused_counted_and_audited(client, officer):
    password_step(client, officer)
    client.get(reverse("mfa_enrol"))
    key = client.session[mfa.PENDING_KEY]["key"]
    before = head()
    wrong = f"{(int(totp_code(key)) + 1) % 1000000:06d}"
    response = client.post(reverse("mfa_enrol"), {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not signed_in(client)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    [event] = Event.objects.filter(sequence__gt=before)
    assert (event.action, event.target_id, event.actor_id) == ("auth.mfa_failed", str(officer.pk), None)
    assert failures(officer) == 1
    # The same key stays on offer: the app the user just set up still works.
    assert client.session[mfa.PENDING_KEY]["key"] == key
    assert client.post(reverse("mfa_enrol"), {"code": totp_code(key)}).status_code == 302
    assert signed_in(client)
    assert failures(officer) == 0  # a full sign-in clears the failures


def test_an_enrolled_user_needs_the_code_and_the_password_alone_opens_nothing(client, officer):
    key = enrol(officer)
    response = password_step(client, officer)
    assert response.url == reverse("mfa_verify")
    assert not signed_in(client)
    assert client.get("/plans/").status_code == 302  # to the sign-in page
    assert client.get(reverse("mfa_enrol")).url == reverse("mfa_verify")  # no second app on a password

    before = head()
    response = client.post(
        reverse("mfa_verify"), {"code": "000000" if totp_code(key) != "000000" else "111111"}
    )
    assert response.status_code == 200 and not signed_in(client)
    assert "That code is not right" in response.content.decode()
    response = client.post(reverse("mfa_verify"), {"code": totp_code(key, steps_ahead=1)})
    assert response.status_code == 302 and signed_in(client)
    assert actions_since(before) == ["auth.mfa_failed", "auth.mfa_verify", "auth.login"]
    assert client.get("/plans/").status_code == 200


def test_a_code_already_used_does_not_sign_in_again(client, officer):
    key = enrol(officer)
    code = totp_code(key, steps_ahead=1)
    password_step(client, officer)
    assert client.post(reverse("mfa_verify"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    password_step(client, officer)
    assert client.post(reverse("mfa_verify"), {"code": code}).status_code == 200
    assert not signed_in(client)


def test_a_recovery_code_signs_in_once(client, officer):
    enrol(officer)
    code = StaticToken.objects.filter(device__user=officer).values_list("token", flat=True).first()
    before = head()
    password_step(client, officer)
    response = client.post(reverse("mfa_verify"), {"code": f"{code[:4].upper()} {code[4:]}"})  # as copied
    assert response.status_code == 302 and signed_in(client)
    event = Event.objects.get(sequence__gt=before, action="auth.mfa_recovery_code")
    assert event.changes == {"recovery codes left": [10, 9]}
    client.post(reverse("logout"))

    password_step(client, officer)
    response = client.post(reverse("mfa_verify"), {"code": code})
    assert response.status_code == 200 and not signed_in(client)
    assert actions_since(before)[-1] == "auth.mfa_failed"
    assert StaticToken.objects.filter(device__user=officer).count() == 9


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(client, officer, settings):
    key = enrol(officer)
    password_step(client, officer, password="wrong")  # one wrong password ...
    password_step(client, officer)
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):  # ... and wrong codes up to one short
        assert client.post(reverse("mfa_verify"), {"code": "12345x"}).status_code == 200
    response = client.post(reverse("mfa_verify"), {"code": "abcdefgh"})
    assert response.status_code == 429  # the limit: locked out
    assert mfa.PENDING_KEY not in client.session
    # Locked: neither the right password nor, after it, the right code gets in.
    assert password_step(client, officer).status_code == 429
    assert client.post(reverse("mfa_verify"), {"code": totp_code(key, steps_ahead=1)}).url == reverse("login")
    assert not signed_in(client)
    assert Event.objects.filter(action="auth.mfa_failed").count() == settings.AXES_FAILURE_LIMIT - 1


def test_a_locked_out_pending_sign_in_gets_the_lockout_page(client, officer, settings):
    """Locked out from elsewhere (wrong passwords in another browser) while a code is awaited."""
    key = enrol(officer)
    password_step(client, officer)
    from django.test import Client

    other = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(other, officer, password="wrong")
    response = client.post(reverse("mfa_verify"), {"code": totp_code(key, steps_ahead=1)})
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_wrong_code_slows_the_next_down(client, officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 10  # django-otp's default is 1 second, doubling
    key = enrol(officer)
    password_step(client, officer)
    client.post(reverse("mfa_verify"), {"code": "000001"})
    assert client.post(reverse("mfa_verify"), {"code": totp_code(key, steps_ahead=1)}).status_code == 200
    assert not signed_in(client)


def test_a_pending_sign_in_expires(client, officer, settings):
    enrol(officer)
    password_step(client, officer)
    session = client.session
    session[mfa.PENDING_KEY]["since"] -= settings.MFA_PENDING_SECONDS + 1
    session.save()
    assert client.get(reverse("mfa_verify")).url == reverse("login")
    assert mfa.PENDING_KEY not in client.session


def test_the_second_factor_pages_need_a_right_password_first(client, officer):
    for name in ("mfa_verify", "mfa_enrol"):
        assert client.get(reverse(name)).url == reverse("login")
        assert client.post(reverse(name), {"code": "123456"}).url == reverse("login")


def test_managers_and_administrators_cannot_go_without_it_when_not_required(
    client, officer, manager, admin_user, settings
):
    settings.MFA_REQUIRED = False
    assert password_step(client, officer).url == "/"  # officers may sign in with a password
    assert signed_in(client)
    client.post(reverse("logout"))
    for user in (manager, admin_user):
        assert password_step(client, user).url == reverse("mfa_enrol")
        assert not signed_in(client)
    # Anyone who has set up an app uses it.
    enrol(officer)
    assert password_step(client, officer).url == reverse("mfa_verify")


def test_demo_users_under_the_development_settings_sign_in_with_a_password(client, officer, settings):
    settings.MFA_EXEMPT_USERNAMES = ["officer"]
    assert password_step(client, officer).url == "/"
    assert signed_in(client)


def test_the_admin_sign_in_form_is_not_a_way_round(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"
