"""The audit rows of the URL matrix hold for every persona (the project-wide matrix test runs them too)."""

import pytest
from django.urls import reverse

from tests.matrix.audit import ROWS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("row", sorted(ROWS))
@pytest.mark.parametrize(
    "persona", ["owner", "officer2", "partner_on", "partner_off", "manager", "anonymous"]
)
def test_the_row_holds(row, persona, world, client):
    spec = ROWS[row]
    url = reverse(row.split("#")[0], kwargs=spec["kwargs"](world))
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    assert client.get(url).status_code == spec["expect"][persona]
    if "post" in spec:
        assert client.post(url, spec["post"](world)).status_code == spec["post_expect"][persona]
