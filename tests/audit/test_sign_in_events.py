"""Sign-in, sign-out and failed sign-in each write exactly one audit event."""

import pytest
from django.urls import reverse

from audit import integrity
from audit.models import Event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def new_events(before: int):
    return list(Event.objects.filter(sequence__gt=before).order_by("sequence"))


def head() -> int:
    return Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_signing_in_writes_one_login_event(client, officer):
    before = head()
    response = client.post(
        reverse("login"), {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 302
    [event] = new_events(before)
    assert event.action == "auth.login"
    assert event.actor == officer
    assert event.actor_organisation == "Leicestershire Police"
    assert (event.target_type, event.target_id) == ("auth.user", str(officer.pk))
    assert event.ip_address == "203.0.113.7"
    assert event.request_id


def test_signing_out_writes_one_logout_event(client, officer):
    client.force_login(officer)
    before = head()
    client.post(reverse("logout"))
    [event] = new_events(before)
    assert event.action == "auth.logout"
    assert event.actor == officer


def test_signing_out_when_not_signed_in_writes_nothing(client, db):
    before = head()
    client.post(reverse("logout"))
    assert new_events(before) == []


def test_a_failed_sign_in_writes_one_event_with_the_username_and_no_actor(client, officer):
    before = head()
    client.post(reverse("login"), {"username": "officer", "password": "wrong-password"})
    [event] = new_events(before)
    assert event.action == "auth.login_failed"
    assert event.actor is None
    assert event.actor_username == ""
    assert event.changes == {"username": [None, "officer"]}
    assert "wrong-password" not in str(event.changes) + event.reason


def test_an_unknown_username_is_recorded_as_typed(client, db):
    before = head()
    client.post(reverse("login"), {"username": "nobody-here", "password": "x"})
    [event] = new_events(before)
    assert event.changes == {"username": [None, "nobody-here"]}


def test_the_lockout_still_works_and_each_refusal_is_recorded(client, officer, settings):
    before = head()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    events = new_events(before)
    assert [e.action for e in events] == ["auth.login_failed"] * (settings.AXES_FAILURE_LIMIT + 1)
    assert events[-1].reason == "Refused: too many failed attempts"
    assert integrity.verify_chain().count == head()
