"""The request id an event carries: a proxy's id when it is a plain token, otherwise our own."""

import re

import pytest

from audit.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("abc-123.DEF_4:5", True),
        ("a" * 64, True),
        ("a" * 65, False),  # longer than the column: not cut short into someone else's id
        ("Victim Alice Example, 4 Market Street", False),  # free text is not written to the trail
        ("<script>", False),
        ("", False),
    ],
)
def test_the_event_keeps_a_proxys_plain_request_id_only(sent, kept, officer, client):
    response = client.post(
        "/account/sign-in/", {"username": "officer", "password": "wrong"}, HTTP_X_REQUEST_ID=sent
    )
    event = Event.objects.get(action="auth.login_failed")
    assert (event.request_id == sent) is kept
    assert response["X-Request-ID"] == event.request_id
    if not kept:
        assert re.fullmatch(r"[0-9a-f]{32}", event.request_id)
