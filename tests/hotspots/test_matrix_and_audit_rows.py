"""Runs this app's URL-matrix rows and audit cases on their own (the project-wide runners
merge every app's; this keeps the hotspot rows honest while those are built)."""

import pytest
from django.urls import reverse

from audit.models import Event
from tests.audit_cases.hotspots import CASES
from tests.matrix.hotspots import ROWS

pytestmark = pytest.mark.django_db

MATRIX = [(name, persona) for name in ROWS for persona in ROWS[name]["expect"]]


@pytest.mark.parametrize(("row", "persona"), MATRIX)
def test_matrix_row(world, client, row, persona):
    spec = ROWS[row]
    url = reverse(row.split("#")[0], kwargs=spec.get("kwargs", lambda w: {})(world))
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    assert client.get(url).status_code == spec["expect"][persona]
    if "post" in spec:
        assert client.post(url, spec["post"](world)).status_code == spec["post_expect"][persona]


@pytest.mark.parametrize("name", list(CASES))
def test_audit_case(world, admin_user, name):
    before = Event.objects.count()
    result = CASES[name](world)
    count = result.get("count", 1)
    assert Event.objects.count() - before == count
    event = Event.objects.order_by("-sequence").first()
    assert event.action == result["action"]
    assert event.actor == result["actor"]
    assert event.target_type == result["target"]._meta.label_lower
    assert event.target_id == str(result["target"].pk)
