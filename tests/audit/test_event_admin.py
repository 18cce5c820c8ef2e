"""The Django admin shows events read-only, to administrators only."""

import pytest
from django.urls import reverse

from audit.models import Event
from audit.services import log_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(officer):
    return log_event(action="plan.update", actor=officer, changes={"title": ["Old", "New"]}, reason="Review")


def test_an_administrator_can_list_and_read_events(client, admin_user, event):
    client.force_login(admin_user)
    assert client.get(reverse("admin:audit_event_changelist")).status_code == 200
    response = client.get(reverse("admin:audit_event_change", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert event.hash in html
    assert 'name="reason"' not in html  # read-only: shown, not an input
    assert 'name="_save"' not in html


def test_no_one_can_add_change_or_delete_an_event_in_the_admin(client, admin_user, event):
    client.force_login(admin_user)
    assert client.get(reverse("admin:audit_event_add")).status_code == 403
    assert (
        client.post(reverse("admin:audit_event_change", args=[event.pk]), {"reason": "changed"}).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:audit_event_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    assert Event.objects.get(pk=event.pk).reason == "Review"


def test_a_manager_is_not_let_into_the_admin(client, manager, event):
    client.force_login(manager)
    response = client.get(reverse("admin:audit_event_changelist"))
    assert response.status_code == 302


def test_a_non_police_administrator_sees_no_police_only_events_in_the_admin(client, admin_user, officer):
    secret = log_event(
        action="plan.update", actor=officer, changes={"victim_details": ["", "SECRET"]}, police_only=True
    )
    client.force_login(admin_user)
    assert client.get(reverse("admin:audit_event_change", args=[secret.pk])).status_code == 302
    assert "SECRET" not in client.get(reverse("admin:audit_event_changelist")).content.decode()
