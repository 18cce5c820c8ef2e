"""Audit cases of partners.api_client_services: registering and revoking API clients."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from partners import api_client_services
from partners.api_clients import ApiClient, hash_secret


def _admin():
    return get_user_model().objects.get(username="admin")


def _register(w):
    return api_client_services.api_client_create(
        actor=_admin(),
        organisation=w.task.organisation,
        name="Pastors' records",
        role="partner lead",
        scopes=["read"],
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )[0]


def api_client_create(w):
    client = _register(w)
    return {"action": "api_client.create", "actor": _admin(), "target": client}


def api_client_revoke(w):
    # Made without the service, so the case counts the revocation's event alone.
    user = get_user_model().objects.create(username="api-case")
    client = ApiClient.objects.create(
        organisation=w.task.organisation,
        name="Pastors' old records",
        role="partner lead",
        scopes=["read"],
        key_id="case",
        secret_hash=hash_secret("not-a-real-secret"),
        user=user,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        created_by=_admin(),
    )
    api_client_services.api_client_revoke(actor=_admin(), client=client, reason="Contract ended")
    return {"action": "api_client.revoke", "actor": _admin(), "target": client}


CASES = {
    "partners.api_client_services.api_client_create": api_client_create,
    "partners.api_client_services.api_client_revoke": api_client_revoke,
}
