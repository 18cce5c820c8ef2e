"""Editing a plan's sections: who may, stale saves refused with what changed, nothing lost."""

import pytest
from django.urls import reverse

from audit.models import Event
from plans import services
from plans.models import Plan, Stage

pytestmark = pytest.mark.django_db


def edit_url(plan, section):
    return reverse("plans:edit", kwargs={"pk": plan.pk, "section": section})


def scan_data(plan, **overrides):
    data = {
        "version": plan.version,
        "hotspot_name": "Clock Tower",
        "area": "",
        "priority": "high",
        "problem_statement": "Assaults at the taxi rank between 23:00 and 03:00",
        "first_seen": "2018-06-01",
    }
    data.update(overrides)
    return data


def test_the_owner_saves_the_scan_and_it_is_audited(world, client_for):
    plan = world.plan
    response = client_for(world.users["owner"]).post(edit_url(plan, "scan"), scan_data(plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.priority == "high"
    assert str(plan.first_seen) == "2018-06-01"
    assert plan.version == 2
    event = Event.objects.filter(action="plan.update").last()
    assert event.changes["priority"] == ["medium", "high"]
    assert event.changes["version"] == [1, 2]
    assert event.police_only is False


@pytest.mark.parametrize(
    ("persona", "status"), [("officer2", 403), ("partner_on", 403), ("partner_off", 404)]
)
def test_others_cannot_edit(persona, status, world, client_for):
    plan = world.plan
    browser = client_for(world.users[persona])
    assert browser.get(edit_url(plan, "scan")).status_code == status
    assert browser.post(edit_url(plan, "scan"), scan_data(plan)).status_code == status
    plan.refresh_from_db()
    assert plan.version == 1


def test_the_manager_cannot_edit_content(world, client_for):
    assert client_for(world.users["manager"]).get(edit_url(world.plan, "analyse")).status_code == 403


def test_a_co_owner_may_edit(world, client_for):
    world.plan.co_owners.add(world.users["officer2"])
    response = client_for(world.users["officer2"]).post(edit_url(world.plan, "scan"), scan_data(world.plan))
    assert response.status_code == 302


def test_a_closed_plan_cannot_be_edited(world, client_for):
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.CLOSED)
    assert client_for(world.users["owner"]).get(edit_url(world.plan, "scan")).status_code == 403


def test_an_unknown_section_is_404(world, client_for):
    assert client_for(world.users["owner"]).get(edit_url(world.plan, "owner")).status_code == 404


def test_a_stale_save_is_refused_and_shows_what_changed_keeping_the_users_input(world, client_for):
    plan = world.plan
    # Tom (a co-owner) saves first; Priya's page still carries version 1.
    plan.co_owners.add(world.users["officer2"])
    services.plan_update(
        actor=world.users["officer2"],
        plan=plan,
        section="scan",
        data={"problem_statement": "TOM'S NEWER STATEMENT"},
        version=1,
    )
    response = client_for(world.users["owner"]).post(
        edit_url(plan, "scan"), scan_data(plan, version=1, problem_statement="PRIYA'S OWN WORDS")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this section after you opened it" in html
    assert "TOM&#x27;S NEWER STATEMENT" in html  # the newer value, listed
    assert "PRIYA&#x27;S OWN WORDS" in html  # her input, still in the form
    assert 'name="version" value="2"' in html
    plan.refresh_from_db()
    assert plan.problem_statement == "TOM'S NEWER STATEMENT"
    # Saving again from the re-shown form is based on the current version and succeeds.
    response = client_for(world.users["owner"]).post(
        edit_url(plan, "scan"), scan_data(plan, version=2, problem_statement="PRIYA'S OWN WORDS")
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.problem_statement == "PRIYA'S OWN WORDS"


def test_the_conflict_names_only_the_fields_saved_since(world):
    plan = world.plan
    services.plan_update(
        actor=world.users["owner"], plan=plan, section="scan", data={"priority": "low"}, version=1
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.plan_update(
            actor=world.users["owner"], plan=plan, section="scan", data={"priority": "high"}, version=1
        )
    assert conflict.value.changed == ["priority"]
    assert conflict.value.current["priority"] == "low"
    assert conflict.value.version == 2


def test_posting_extra_fields_changes_nothing_else(world, client_for):
    plan = world.plan
    data = scan_data(
        plan,
        owner=world.users["officer2"].pk,
        state="closed",
        reference="PSP-HACKED",
        version=plan.version,
        police_notes="overwritten",
    )
    client_for(world.users["owner"]).post(edit_url(plan, "scan"), data)
    plan.refresh_from_db()
    assert plan.owner == world.users["owner"]
    assert plan.state == Stage.RESPOND
    assert plan.reference != "PSP-HACKED"
    assert plan.police_notes.startswith("POLICE-ONLY-INTEL")


def test_an_edit_touching_police_only_fields_is_a_police_only_event(world, client_for):
    plan = world.plan
    data = {
        "version": plan.version,
        "pat_victim": "Young adults",
        "pat_offender": "",
        "pat_location": "",
        "pat_guardian": "",
        "pat_handler": "",
        "pat_place_manager": "",
        "data_findings": "",
        "hypothesis": "",
        "victim_details": "NEW VICTIM NAME",
        "offender_details": plan.offender_details,
        "police_notes": plan.police_notes,
    }
    assert client_for(world.users["owner"]).post(edit_url(plan, "analyse"), data).status_code == 302
    event = Event.objects.filter(action="plan.update").last()
    assert event.police_only is True
    assert set(event.changes) == {"pat_victim", "victim_details", "version"}


def test_bad_input_shows_an_error_and_saves_nothing(world, client_for):
    plan = world.plan
    response = client_for(world.users["owner"]).post(
        edit_url(plan, "scan"), scan_data(plan, hotspot_name="", first_seen="last summer")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the hotspot name" in html
    assert "First seen must be a real date" in html
    plan.refresh_from_db()
    assert plan.version == 1


def test_co_owners_are_chosen_from_officers_only(world, client_for):
    plan = world.plan
    data = {
        "version": plan.version,
        "title": plan.title,
        "start_date": plan.start_date.isoformat(),
        "next_review_date": plan.next_review_date.isoformat(),
        "co_owners": [world.users["officer2"].pk, world.users["partner_on"].pk],
    }
    response = client_for(world.users["owner"]).post(edit_url(plan, "details"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    data["co_owners"] = [world.users["officer2"].pk]
    assert client_for(world.users["owner"]).post(edit_url(plan, "details"), data).status_code == 302
    assert list(plan.co_owners.all()) == [world.users["officer2"]]


def test_the_service_refuses_a_partner_as_co_owner(world):
    with pytest.raises(ValueError):
        services.plan_update(
            actor=world.users["owner"],
            plan=world.plan,
            section="details",
            data={"co_owners": [world.users["partner_on"]]},
            version=1,
        )
