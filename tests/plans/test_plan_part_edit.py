"""Editing an objective or a response: a save over someone else's newer one is refused (409),
keeping what was typed and showing what changed; saving again from that page goes through."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from plans import part_services, services
from plans.models import Objective, Response

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    """A browser of its own for each person: Priya and Tom have the same form open at once."""
    browser = Client()
    browser.force_login(user)
    return browser


def edit_url(world, kind, item):
    return reverse(f"plans:{kind}_edit", kwargs={"pk": world.plan.pk, "item_pk": item.pk})


def opened_version(browser, url) -> str:
    """Open the edit form and read the version it carries, as the browser would send it back."""
    page = browser.get(url)
    assert page.status_code == 200
    return re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)


def objective_data(objective, version, **typed):
    data = {
        "impact": objective.impact,
        "reduction_percent": objective.reduction_percent or "",
        "description": objective.description,
        "measure": objective.measure,
        "baseline": objective.baseline if objective.baseline is not None else "",
        "baseline_note": objective.baseline_note,
        "target": objective.target if objective.target is not None else "",
        "result": objective.result if objective.result is not None else "",
        "version": version,
    }
    return {**data, **typed}


def response_data(response, version, **typed):
    data = {
        "kind": response.kind,
        "description": response.description,
        "lead_organisation": response.lead_organisation_id or "",
        "delivery": response.delivery,
        "delivery_note": response.delivery_note,
        "version": version,
    }
    return {**data, **typed}


@pytest.fixture
def priya_and_tom(world):
    """Priya owns the plan; Tom co-owns it. Each signed in in a browser of their own."""
    world.plan.co_owners.add(world.users["officer2"])
    return signed_in(world.users["owner"]), signed_in(world.users["officer2"])


def test_a_stale_objective_save_is_refused_and_loses_nothing(world, priya_and_tom):
    priya, tom = priya_and_tom
    objective = world.plan.objectives.get()
    url = edit_url(world, "objective", objective)
    priya_version, tom_version = opened_version(priya, url), opened_version(tom, url)

    # Tom saves the baseline first.
    saved = tom.post(url, objective_data(objective, tom_version, baseline="111"))
    assert saved.status_code == 302

    # Priya, on the page she opened before, changes the target (her form still says baseline 40).
    events_before = Event.objects.count()
    typed = {"target": "25", "baseline_note": "Priya typed this note"}
    refused = priya.post(url, objective_data(objective, priya_version, **typed))
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Someone else saved this objective after you opened it" in page
    assert "<title>Error:" in page
    # The changed field, named with the value now saved; only that field is listed.
    assert re.search(r"Baseline figure</dt>\s*<dd[^>]*>111.00</dd>", page)
    assert "Target figure</dt>" not in page
    # What Priya typed is still in the form, and the form is now based on Tom's version.
    assert 'value="Priya typed this note"' in page
    assert 'name="target" value="25"' in page
    assert 'name="version" value="2"' in page
    # Tom's baseline stands; nothing of Priya's was written, not even an audit event.
    objective.refresh_from_db()
    assert objective.baseline == Decimal("111") and objective.target == Decimal("32")
    assert objective.version == 2
    assert Event.objects.count() == events_before

    # Priya saves again from the page she was shown: it goes through.
    again = priya.post(url, objective_data(objective, "2", **typed))
    assert again.status_code == 302
    objective.refresh_from_db()
    assert objective.target == Decimal("25") and objective.baseline_note == "Priya typed this note"
    assert objective.version == 3
    event = Event.objects.filter(action="plan.objective_update").last()
    assert event.actor_username == world.users["owner"].get_username()
    assert event.changes["version"] == [2, 3]


def test_a_stale_response_save_is_refused_and_loses_nothing(world, priya_and_tom):
    priya, tom = priya_and_tom
    response = world.plan.responses.get()
    url = edit_url(world, "response", response)
    priya_version, tom_version = opened_version(priya, url), opened_version(tom, url)

    saved = tom.post(url, response_data(response, tom_version, delivery_note="Pastors out every Friday"))
    assert saved.status_code == 302

    events_before = Event.objects.count()
    typed = {"delivery": "partly", "description": "Priya's rewording of the response"}
    refused = priya.post(url, response_data(response, priya_version, **typed))
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Someone else saved this response after you opened it" in page
    assert re.search(r"Delivery note</dt>\s*<dd[^>]*>Pastors out every Friday</dd>", page)
    assert "Was it delivered?</dt>" not in page
    assert "Priya&#x27;s rewording of the response" in page
    assert re.search(r'<option value="partly" selected>', page)
    assert 'name="version" value="2"' in page
    response.refresh_from_db()
    assert response.delivery_note == "Pastors out every Friday" and response.delivery == ""
    assert response.version == 2
    assert Event.objects.count() == events_before

    # Priya's form still holds her own (empty) delivery note: saving again replaces Tom's, knowingly.
    again = priya.post(url, response_data(response, "2", **typed))
    assert again.status_code == 302
    response.refresh_from_db()
    assert response.delivery == "partly" and response.description == typed["description"]
    assert response.version == 3


def test_the_conflict_lists_the_value_now_saved_by_its_label(world, priya_and_tom):
    priya, tom = priya_and_tom
    response = world.plan.responses.get()
    url = edit_url(world, "response", response)
    priya_version, tom_version = opened_version(priya, url), opened_version(tom, url)
    tom.post(url, response_data(response, tom_version, delivery="delivered"))
    refused = priya.post(url, response_data(response, priya_version, delivery_note="Mine"))
    assert refused.status_code == 409
    assert re.search(r"Was it delivered\?</dt>\s*<dd[^>]*>Delivered</dd>", refused.content.decode())


def test_the_conflict_names_only_the_fields_saved_since(world):
    owner = world.users["owner"]
    objective = world.plan.objectives.get()
    part_services.objective_update(actor=owner, objective=objective, version=1, baseline=111)
    part_services.objective_update(actor=owner, objective=objective, version=2, result=12)
    with pytest.raises(services.EditConflict) as conflict:
        part_services.objective_update(actor=owner, objective=objective, version=2, target=20)
    assert str(conflict.value) == "Someone else saved this objective after you opened it."
    assert conflict.value.changed == ["result"]  # the baseline was saved before version 2
    assert conflict.value.current["result"] == Decimal("12")
    assert conflict.value.version == 3
    objective.refresh_from_db()
    assert objective.target == Decimal("32")


def test_a_save_that_changes_nothing_keeps_the_version_and_writes_no_event(world):
    objective = world.plan.objectives.get()
    part_services.objective_update(actor=world.users["owner"], objective=objective, version=1, baseline=40)
    objective.refresh_from_db()
    assert objective.version == 1
    response = world.plan.responses.get()
    part_services.response_update(
        actor=world.users["owner"], response=response, version=1, description=response.description
    )
    assert not Event.objects.filter(action__in=["plan.objective_update", "plan.response_update"]).exists()


@pytest.mark.parametrize("kind", ["objective", "response"])
def test_opening_the_edit_form_is_a_consultation_of_the_plan(kind, world, client_for):
    """The form shows the objective or response: recorded like a section's form or a task page."""
    item = world.plan.objectives.get() if kind == "objective" else world.plan.responses.get()
    client_for(world.users["owner"]).get(edit_url(world, kind, item))
    event = Event.objects.get(action="plan.view")
    assert (event.plan_id, event.target_type, event.target_id) == (
        world.plan.pk,
        f"plans.{kind}",
        str(item.pk),
    )


@pytest.mark.parametrize("kind", ["objective", "response"])
@pytest.mark.parametrize("version", [None, "", "abc", "0", "-1", "1.5"])
def test_a_form_without_a_good_version_says_to_open_it_again(kind, version, world, client_for):
    item = world.plan.objectives.get() if kind == "objective" else world.plan.responses.get()
    data = objective_data(item, version, target="1") if kind == "objective" else response_data(item, version)
    data["description"] = "Not saved"
    if version is None:
        del data["version"]
    browser = client_for(world.users["owner"])
    events_before = Event.objects.count()
    response = browser.post(edit_url(world, kind, item), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"This page is out of date: open the {kind} again from the plan page" in page
    assert "Not saved" in page  # what was typed is kept
    model = Objective if kind == "objective" else Response
    item = model.objects.get(pk=item.pk)
    assert item.description != "Not saved" and item.version == 1
    assert Event.objects.count() == events_before
