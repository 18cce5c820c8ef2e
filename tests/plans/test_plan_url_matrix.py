"""Runs tests/matrix/plans.py here too, until the project-wide matrix test is merged."""

import pytest
from django.urls import get_resolver, reverse

from tests.matrix.plans import ROWS
from tests.world import PERSONA_KEYS

pytestmark = pytest.mark.django_db


def test_every_plans_url_has_a_row():
    names = {
        f"plans:{name}"
        for name in get_resolver().namespace_dict["plans"][1].reverse_dict
        if isinstance(name, str)
    }
    assert len(names) == 14
    assert names <= {key.split("#")[0] for key in ROWS}


def _browser(world, persona, client, client_for):
    user = world.users[persona]
    return client_for(user) if user else client


@pytest.mark.parametrize("persona", PERSONA_KEYS)
@pytest.mark.parametrize("key", sorted(ROWS))
def test_get(key, persona, world, client, client_for):
    row = ROWS[key]
    url = reverse(key.split("#")[0], kwargs=row["kwargs"](world))
    assert _browser(world, persona, client, client_for).get(url).status_code == row["expect"][persona]


@pytest.mark.parametrize("persona", PERSONA_KEYS)
@pytest.mark.parametrize("key", sorted(k for k, row in ROWS.items() if "post" in row))
def test_post(key, persona, world, client, client_for):
    row = ROWS[key]
    url = reverse(key.split("#")[0], kwargs=row["kwargs"](world))
    response = _browser(world, persona, client, client_for).post(url, row["post"](world))
    assert response.status_code == row["post_expect"][persona]
