"""The client's address in the audit trail and the sign-in lockout: the connection's, or behind
proxies of our own (TRUSTED_PROXY_COUNT) the one the nearest of them saw."""

import pytest

from audit.models import Event

pytestmark = pytest.mark.django_db


def failed_sign_in(client, **headers):
    client.post("/account/sign-in/", {"username": "officer", "password": "wrong"}, **headers)
    return Event.objects.filter(action="auth.login_failed").latest("sequence").ip_address


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(officer, client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert failed_sign_in(client, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.5") == "10.0.0.9"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.5", "203.0.113.5"),  # what our proxy saw
        ("198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the left entry is the client's own claim
        ("", "10.0.0.9"),  # no header: the connection's
        ("not-an-address", "10.0.0.9"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_one_proxy_the_address_it_saw_is_the_clients(officer, client, settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert failed_sign_in(client, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded) == expected


def test_the_lockout_counts_the_same_address(officer, client, settings):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 1
    failed_sign_in(client, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]
