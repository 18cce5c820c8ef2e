"""A wrong current password on the change-password page is a guess at a signed-in account's
password: it counts toward the sign-in lockout and is audited; locked out, the session ends."""

import pytest
from django.urls import reverse

from audit.models import Event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a-new-long-passphrase-9"


def change(client, old):
    return client.post(
        reverse("password_change"), {"old_password": old, "new_password1": NEW, "new_password2": NEW}
    )


def test_a_wrong_current_password_is_audited(client, officer):
    client.force_login(officer)
    response = change(client, "wrong")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    [event] = Event.objects.filter(action="auth.password_change_failed")
    assert event.actor_id == officer.pk
    assert event.target_id == str(officer.pk)
    assert event.reason == "Wrong current password"
    assert "wrong" not in str(event.changes)  # never what was typed
    assert not Event.objects.filter(action="auth.login_failed").exists()


def test_wrong_current_passwords_count_toward_the_sign_in_lockout(client, officer, settings):
    from axes.models import AccessAttempt

    client.force_login(officer)
    change(client, "wrong")
    assert AccessAttempt.objects.get(username="officer").failures_since_start == 1
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        change(client, "wrong")
    # One wrong password at sign-in is now the last straw.
    client.logout()
    response = client.post(reverse("login"), {"username": "officer", "password": "nope"})
    assert response.status_code == 429
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429


def test_locked_out_by_guessing_the_session_ends_and_the_password_stands(client, officer, settings):
    client.force_login(officer)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert change(client, "wrong").status_code == 200
    response = change(client, "wrong")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session
    last = Event.objects.filter(action="auth.password_change_failed").last()
    assert last.reason.startswith("Refused: too many failed attempts")
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_locked_account_cannot_change_its_password_even_with_the_right_one(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    client.force_login(officer)  # a session from before the lockout
    response = change(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_the_right_password_still_changes_it_and_records_no_failure(client, officer):
    client.force_login(officer)
    assert change(client, PASSWORD).status_code == 302
    assert not Event.objects.filter(action="auth.password_change_failed").exists()
