"""Sources, objectives and responses: added, changed and removed by the owner, audited."""

import pytest
from django.urls import reverse

from audit.models import Event
from partners.refusals import Refused
from plans import part_services
from plans.models import Objective, Plan, Response, Source, Stage

pytestmark = pytest.mark.django_db


def url(name, plan, **kwargs):
    return reverse(f"plans:{name}", kwargs={"pk": plan.pk, **kwargs})


OBJECTIVE = {
    "impact": "reduce",
    "reduction_percent": "25",
    "description": "Reduce ASB reports on the Haymarket steps by 25%",
    "measure": "Anti-social behaviour, police.uk",
    "baseline": "48",
    "baseline_note": "Aug to Nov 2018",
    "target": "36",
    "result": "",
}
RESPONSE = {"kind": "engagement", "description": "Pubwatch meeting", "lead_organisation": "", "delivery": ""}


def test_the_owner_adds_and_removes_a_source(world, client_for):
    browser = client_for(world.users["owner"])
    response = browser.post(url("source_add", world.plan), {"kind": "community", "notes": "Traders' meeting"})
    assert response.status_code == 302
    source = Source.objects.get(notes="Traders' meeting")
    event = Event.objects.filter(action="plan.source_add").last()
    assert event.plan_id == world.plan.pk
    assert event.changes == {"kind": [None, "community"], "notes": [None, "Traders' meeting"]}
    assert browser.get(url("source_remove", world.plan, item_pk=source.pk)).status_code == 200
    assert browser.post(url("source_remove", world.plan, item_pk=source.pk)).status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    assert Event.objects.filter(action="plan.source_remove").last().target_id == str(source.pk)


def test_an_objective_to_reduce_needs_its_percentage(world, client_for):
    data = {**OBJECTIVE, "reduction_percent": ""}
    response = client_for(world.users["owner"]).post(url("objective_add", world.plan), data)
    assert response.status_code == 200
    assert "Enter the percentage reduction the objective aims for" in response.content.decode()
    assert not Objective.objects.filter(description=OBJECTIVE["description"]).exists()


@pytest.mark.parametrize("percent", ["-1", "0", "101"])
def test_a_reduction_outside_1_to_100_says_so(world, client_for, percent):
    data = {**OBJECTIVE, "reduction_percent": percent}
    response = client_for(world.users["owner"]).post(url("objective_add", world.plan), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a reduction from 1 to 100" in page and "Ensure this value" not in page
    assert not Objective.objects.filter(description=OBJECTIVE["description"]).exists()


def test_the_owner_adds_and_changes_an_objective(world, client_for):
    browser = client_for(world.users["owner"])
    assert browser.post(url("objective_add", world.plan), OBJECTIVE).status_code == 302
    objective = Objective.objects.get(description=OBJECTIVE["description"])
    assert objective.baseline == 48
    response = browser.post(
        url("objective_edit", world.plan, item_pk=objective.pk), {**OBJECTIVE, "result": "30", "version": 1}
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.result == 30
    assert Event.objects.filter(action="plan.objective_update").last().changes == {
        "result": [None, "30"],
        "version": [1, 2],
    }


def test_the_owner_adds_changes_and_removes_a_response(world, client_for):
    browser = client_for(world.users["owner"])
    data = {**RESPONSE, "lead_organisation": world.task.organisation.pk}
    assert browser.post(url("response_add", world.plan), data).status_code == 302
    item = Response.objects.get(description="Pubwatch meeting")
    assert item.lead_organisation == world.task.organisation
    data.update(delivery="delivered", version=item.version)
    assert browser.post(url("response_edit", world.plan, item_pk=item.pk), data).status_code == 302
    item.refresh_from_db()
    assert item.delivery == "delivered"
    assert browser.post(url("response_remove", world.plan, item_pk=item.pk)).status_code == 302
    assert not Response.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("officer2", 403), ("partner_on", 403), ("manager", 403), ("partner_off", 404)]
)
def test_only_the_owner_changes_content(persona, status, world, client_for):
    browser = client_for(world.users[persona])
    objective = world.plan.objectives.first()
    assert browser.post(url("source_add", world.plan), {"kind": "other"}).status_code == status
    assert browser.post(url("objective_add", world.plan), OBJECTIVE).status_code == status
    assert browser.post(url("objective_remove", world.plan, item_pk=objective.pk)).status_code == status
    assert browser.post(url("response_add", world.plan), RESPONSE).status_code == status
    assert world.plan.sources.count() == 1
    assert world.plan.objectives.count() == 1
    assert world.plan.responses.count() == 1


def test_an_item_of_another_plan_is_404(world, client_for):
    other_source = Source.objects.create(plan=world.other_plan, kind="other")
    response = client_for(world.users["owner"]).post(
        url("source_remove", world.plan, item_pk=other_source.pk)
    )
    assert response.status_code == 404
    assert Source.objects.filter(pk=other_source.pk).exists()


def test_nothing_changes_on_a_closed_plan(world):
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.CLOSED)
    world.plan.refresh_from_db()
    with pytest.raises(Refused):
        part_services.source_add(actor=world.users["owner"], plan=world.plan, kind="other")
    assert Event.objects.last().action == "plan.source_add.refused"
