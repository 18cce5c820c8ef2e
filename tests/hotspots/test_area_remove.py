"""Removing an area: only one nothing refers to, with a reason, and the audit trail keeps it whole."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import Event
from hotspots import services
from hotspots.models import Area
from tests import factories
from tests.world import SQUARE

pytestmark = pytest.mark.django_db


@pytest.fixture
def spare_area(db):
    return Area.objects.create(name="Drawn by mistake", geometry=SQUARE, buffer_m=150)


def test_an_unused_area_is_removed_and_its_event_keeps_every_value(manager, spare_area):
    services.area_delete(actor=manager, area=spare_area, reason=" Drawn twice ")
    assert not Area.objects.filter(pk=spare_area.pk).exists()
    event = Event.objects.get(action="area.delete")
    assert (event.actor, event.reason, event.target_label) == (manager, "Drawn twice", "Drawn by mistake")
    assert event.changes["geometry"] == [SQUARE, None]
    assert event.changes["buffer_m"] == [150, None]


def test_an_area_with_a_plan_stays_with_a_message_that_says_why(officer, spare_area):
    factories.make_plan(owner=officer, area=spare_area)
    with pytest.raises(services.AreaInUse, match="it has 1 plan and 0 patrols"):
        services.area_delete(actor=officer, area=spare_area, reason="Drawn twice")
    assert Area.objects.filter(pk=spare_area.pk).exists()
    assert not Event.objects.filter(action="area.delete").exists()


def test_an_area_with_patrols_stays(officer, spare_area):
    factories.make_patrol(area=spare_area, logged_by=officer)
    factories.make_patrol(area=spare_area, logged_by=officer)
    with pytest.raises(services.AreaInUse, match="0 plans and 2 patrols"):
        services.area_delete(actor=officer, area=spare_area, reason="Drawn twice")
    assert Area.objects.filter(pk=spare_area.pk).exists()


def test_a_removal_needs_a_reason(manager, spare_area):
    with pytest.raises(ValueError, match="needs a reason"):
        services.area_delete(actor=manager, area=spare_area, reason="  ")
    assert Area.objects.filter(pk=spare_area.pk).exists()


def test_a_partner_lead_may_not_remove_an_area_and_the_refusal_is_recorded(pastors, spare_area):
    with pytest.raises(PermissionDenied):
        services.area_delete(actor=pastors, area=spare_area, reason="Drawn twice")
    assert Area.objects.filter(pk=spare_area.pk).exists()
    assert Event.objects.get(action="area.delete.refused").actor == pastors


# ---------------------------------------------------------------- the pages


def test_the_page_removes_an_unused_area_and_goes_back_to_the_list(client, officer, spare_area):
    client.force_login(officer)
    url = reverse("hotspots:area_remove", args=[spare_area.pk])
    assert "Remove Drawn by mistake?" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Drawn twice"})
    assert response.status_code == 302
    assert response.url == reverse("hotspots:area_list")
    assert not Area.objects.filter(pk=spare_area.pk).exists()


def test_a_missing_reason_is_asked_for_and_nothing_is_removed(client, officer, spare_area):
    client.force_login(officer)
    response = client.post(reverse("hotspots:area_remove", args=[spare_area.pk]), {"reason": "   "})
    assert response.status_code == 400
    assert "Give the reason for removing this area" in response.content.decode()
    assert Area.objects.filter(pk=spare_area.pk).exists()


def test_an_area_in_use_offers_no_removal_only_the_reason_and_a_way_to_change_it(client, officer, spare_area):
    factories.make_plan(owner=officer, area=spare_area)
    client.force_login(officer)
    url = reverse("hotspots:area_remove", args=[spare_area.pk])
    page = client.get(url).content.decode()
    assert "Drawn by mistake cannot be removed" in page
    assert "It has 1 plan and 0 patrols" in page
    assert reverse("hotspots:area_edit", args=[spare_area.pk]) in page
    assert "Remove the area</button>" not in page
    assert client.post(url, {"reason": "Drawn twice"}).status_code == 409
    assert Area.objects.filter(pk=spare_area.pk).exists()


def test_the_area_page_links_to_removal_for_those_who_manage_areas(client, officer, spare_area):
    client.force_login(officer)
    page = client.get(reverse("hotspots:area_detail", args=[spare_area.pk])).content.decode()
    assert reverse("hotspots:area_remove", args=[spare_area.pk]) in page
