"""Opening a plan: officers only, a fresh human reference, nothing else taken from the post."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from partners.refusals import Refused
from plans import services
from plans.models import Plan, Stage

pytestmark = pytest.mark.django_db

URL = reverse("plans:create")


def form_data(**overrides):
    data = {
        "title": "Street drinking in the Haymarket",
        "hotspot_name": "Haymarket steps",
        "area": "",
        "priority": "medium",
        "start_date": "2019-01-07",
        "next_review_date": "",
        "problem_statement": "Daytime street drinking",
    }
    data.update(overrides)
    return data


def test_an_officer_opens_a_plan_in_scan(world, client_for):
    response = client_for(world.users["owner"]).post(URL, form_data(area=world.area.pk))
    plan = Plan.objects.get(title="Street drinking in the Haymarket")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", kwargs={"pk": plan.pk})
    assert plan.owner == world.users["owner"]
    assert plan.state == Stage.SCAN
    assert plan.area == world.area
    assert plan.reference == "PSP-2019-001"
    assert plan.next_review_date == timezone.localdate() + datetime.timedelta(days=28)
    event = Event.objects.get(action="plan.create")
    assert event.changes["reference"] == [None, "PSP-2019-001"]


def test_references_count_up_within_a_year(world):
    officer = world.users["owner"]
    made = [
        services.plan_create(
            actor=officer, title=f"Plan {i}", hotspot_name="x", start_date=datetime.date(2026, 3, 1)
        )
        for i in range(3)
    ]
    assert [p.reference for p in made] == ["PSP-2026-001", "PSP-2026-002", "PSP-2026-003"]
    Plan.objects.filter(pk=made[-1].pk).update(reference="PSP-2026-999")
    nxt = services.plan_create(
        actor=officer, title="Next", hotspot_name="x", start_date=datetime.date(2026, 5, 1)
    )
    assert nxt.reference == "PSP-2026-1000"
    again = services.plan_create(
        actor=officer, title="After", hotspot_name="x", start_date=datetime.date(2026, 6, 1)
    )
    assert again.reference == "PSP-2026-1001"


@pytest.mark.parametrize(("persona", "status"), [("manager", 403), ("partner_on", 403), ("partner_off", 403)])
def test_only_officers_open_plans(persona, status, world, client_for):
    browser = client_for(world.users[persona])
    assert browser.get(URL).status_code == status
    assert browser.post(URL, form_data()).status_code == status
    assert not Plan.objects.filter(title="Street drinking in the Haymarket").exists()


def test_the_service_refuses_a_partner_and_records_it(world):
    with pytest.raises(Refused):
        services.plan_create(actor=world.users["partner_on"], title="x", hotspot_name="y")
    assert Event.objects.last().action == "plan.create.refused"


def test_posted_owner_state_and_reference_are_ignored(world, client_for):
    client_for(world.users["owner"]).post(
        URL, form_data(owner=world.users["officer2"].pk, state="closed", reference="PSP-HACK", version=99)
    )
    plan = Plan.objects.get(title="Street drinking in the Haymarket")
    assert plan.owner == world.users["owner"]
    assert plan.state == Stage.SCAN
    assert plan.reference != "PSP-HACK"
    assert plan.version == 1


def test_missing_and_bad_input_get_clear_messages(world, client_for):
    response = client_for(world.users["owner"]).post(
        URL, form_data(title="", start_date="07/13/2019", next_review_date="2018-01-01")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a title for the plan" in html
    assert "Start date must be a real date" in html  # 07/13/2019: one box is not taken
    assert not Plan.objects.filter(hotspot_name="Haymarket steps").exists()


def test_a_review_before_the_start_is_refused(world, client_for):
    response = client_for(world.users["owner"]).post(URL, form_data(next_review_date="2018-01-01"))
    assert "The next review date must be on or after the start date" in response.content.decode()
