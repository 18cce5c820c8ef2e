"""API clients for the world's personas (tests/world.py), and a caller with their tokens.

police    a Leicestershire Police client acting as an officer (officer-equivalent view)
manager   a Leicestershire Police client acting as a manager (reads the audit trail)
partner   Street Pastors' client (partner lead-equivalent), a partner on world.plan
other     City Street Wardens' client, not on world.plan (on other_plan only)
admin     a Leicestershire Police client acting as an administrator (police.uk imports)
"""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from partners import api_client_services
from partners.models import Organisation
from tests.world import world  # noqa: F401  (the fixture)

CLIENT_KINDS = ["police", "manager", "partner", "other", "admin"]


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """Each test starts with no calls counted and a limit it will not reach (the rate-limit test
    sets its own)."""
    settings.API_RATE_LIMIT = "100000/min"
    cache.clear()
    yield
    cache.clear()


def register(admin, organisation, name, role, scopes=("read", "write"), days=30):
    return api_client_services.api_client_create(
        actor=admin,
        organisation=organisation,
        name=name,
        role=role,
        scopes=list(scopes),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


class Caller:
    def __init__(self, client, tokens):
        self.client = client
        self.tokens = tokens

    def __call__(self, kind, method, url, data=None, headers=None):
        headers = dict(headers or {})
        if kind is not None:
            token = self.tokens.get(kind, kind)
            headers["Authorization"] = f"Bearer {token}"
        send = getattr(self.client, method.lower())
        if data is not None:
            return send(url, data=json.dumps(data), content_type="application/json", headers=headers)
        return send(url, headers=headers)


@pytest.fixture
def api_clients(world, personas):  # noqa: F811
    police = Organisation.objects.get(name="Leicestershire Police")
    made = {
        "police": register(personas.admin, police, "Force analysts' tools", "officer"),
        "manager": register(personas.admin, police, "Force SIEM", "manager"),
        "partner": register(personas.admin, world.task.organisation, "Pastors' records", "partner lead"),
        "other": register(
            personas.admin, world.other_plan_task.organisation, "Wardens' case system", "partner lead"
        ),
        "admin": register(personas.admin, police, "Force data loader", "administrator"),
    }
    return made


@pytest.fixture
def call(client, api_clients):
    return Caller(client, {kind: token for kind, (_, token) in api_clients.items()})
