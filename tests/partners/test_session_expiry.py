import time

import pytest
from django.urls import reverse

from partners.middleware import SESSION_STARTED_KEY

pytestmark = pytest.mark.django_db


def test_idle_expiry_is_thirty_minutes_renewed_on_every_request(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_cookie_is_renewed_by_activity(client, officer):
    client.force_login(officer)
    client.get(reverse("password_change"))
    assert client.cookies["sessionid"]["max-age"] in ("", 1800) or client.cookies["sessionid"]["expires"]


def test_session_ends_twelve_hours_after_sign_in_however_active(client, officer):
    client.force_login(officer)
    assert client.get(reverse("password_change")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?expired=1"
    assert "_auth_user_id" not in client.session


def test_session_within_twelve_hours_carries_on(client, officer):
    client.force_login(officer)
    client.get(reverse("password_change"))
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 11 * 60 * 60
    session.save()
    assert client.get(reverse("password_change")).status_code == 200


def test_a_signed_in_page_is_not_stored_and_the_sign_in_page_is_not_either(officer, client):
    """A page with police-only details must not come back from the cache after sign-out."""
    client.force_login(officer)
    page = client.get("/plans/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    client.logout()
    assert "no-store" in client.get("/account/sign-in/")["Cache-Control"]


def test_every_page_carries_the_content_security_policy_with_a_fresh_nonce(officer, client):
    first, second = client.get("/account/sign-in/"), client.get("/account/sign-in/")
    policies = [response["Content-Security-Policy"] for response in (first, second)]
    for response, policy in zip((first, second), policies, strict=True):
        assert "script-src 'self' 'nonce-" in policy and "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
        nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
        assert f'<script nonce="{nonce}">' in response.content.decode()  # the one inline script
    assert policies[0] != policies[1]  # a nonce is used once
