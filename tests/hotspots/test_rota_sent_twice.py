"""A rota exception or funded target form sent twice (no JavaScript, a browser resend) saves once,
and the second sending is told so, not that the slot is already cancelled."""

import pytest

from audit.models import Event
from hotspots.rota_models import FundedTarget, RotaException
from plans.submissions import SENT_TWICE
from tests.factories import form_token

from .test_rota_pages import rota  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_rota_exception_sent_twice_cancels_the_slot_once_and_says_so(world, rota, client_for):  # noqa: F811
    pastors, _ = rota
    browser = client_for(world.users["owner"])
    url = f"/rota/patterns/{pastors.pk}/exception/"
    date = pastors.first_date.isoformat()
    data = {"date": date, "kind": "cancelled", "submission": form_token(browser.get(url))}
    assert browser.post(url, data).status_code == 302
    again = browser.post(url, data, follow=True)
    page = again.content.decode()
    assert SENT_TWICE in page and "already cancelled or moved" not in page
    assert again.redirect_chain[-1][0] == f"/rota/areas/{pastors.area_id}/"
    assert RotaException.objects.count() == 1
    assert Event.objects.filter(action="rota.exception").count() == 1


def test_the_same_date_on_a_new_form_is_still_refused(world, rota, client_for):  # noqa: F811
    pastors, _ = rota
    browser = client_for(world.users["owner"])
    url = f"/rota/patterns/{pastors.pk}/exception/"
    for expected in (302, 400):
        data = {
            "date": pastors.first_date.isoformat(),
            "kind": "cancelled",
            "submission": form_token(browser.get(url)),
        }
        response = browser.post(url, data)
        assert response.status_code == expected
    assert "already cancelled or moved" in response.content.decode()
    assert RotaException.objects.count() == 1


def test_a_funded_target_sent_twice_is_set_once_and_says_so(world, client_for):
    browser = client_for(world.users["manager"])
    data = {
        "first_date": "2026-04-01",
        "last_date": "2027-03-31",
        "hours": "13000",
        "submission": form_token(browser.get("/rota/target/")),
    }
    assert browser.post("/rota/target/", data).status_code == 302
    again = browser.post("/rota/target/", data, follow=True)
    assert SENT_TWICE in again.content.decode()
    assert FundedTarget.objects.count() == 1
    assert Event.objects.filter(action="target.set").count() == 1
