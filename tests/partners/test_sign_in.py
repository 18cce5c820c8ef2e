import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_signs_in_with_the_right_password(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_a_sign_in_is_an_audit_event_and_nothing_in_a_second_log(client, officer):
    from axes.models import AccessAttempt, AccessLog

    from audit.models import Event

    client.post(reverse("login"), {"username": "officer", "password": "nope"})
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert Event.objects.filter(action="auth.login", actor=officer).count() == 1
    assert not AccessLog.objects.exists()  # address and browser of every sign-in, never purged
    assert not AccessAttempt.objects.exists()  # the failure was forgotten on success


def test_it_refuses_a_wrong_password_with_a_message(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_signs_out_only_by_post(client, officer):
    client.force_login(officer)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_throttles_repeated_failures_even_with_the_right_password(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_one_account_leaves_another_alone(client, officer, officer2, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "officer2", "password": PASSWORD})
    assert response.status_code == 302


def test_anonymous_user_is_sent_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_page_shows_the_marking_and_no_crown(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "OFFICIAL-SENSITIVE" in html
    assert "govuk-logo" not in html and "GOV.UK" not in html
    assert 'class="govuk-skip-link"' in html
