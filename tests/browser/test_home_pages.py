"""The home pages and the closure flow in a real browser, checked with axe (WCAG 2.2 AA) at
1280 and 390 pixels wide; the closure request is also made with JavaScript off."""

import pytest

from plans.models import ClosureRequest, Plan, Stage, Task, TaskState
from tests import factories
from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]


def _ready_to_close(world) -> Plan:
    Plan.objects.filter(pk=world.plan.pk).update(
        state=Stage.ASSESS,
        outcome_verdict="effective",
        outcome_summary="Assaults at the rank fell by a third",
    )
    Task.objects.filter(plan=world.plan).update(state=TaskState.DONE, completion_note="Done")
    world.plan.refresh_from_db()
    return world.plan


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("persona", ["owner", "partner_on", "manager"])
def test_each_home_page_is_accessible(persona, width, world, page_as, visit):
    factories.make_task(world.plan, world.task.organisation, title="Leaflet the rank", due_in_days=-2)
    page = page_as(world.users[persona])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, "/")
    assert page.locator("h1").inner_text() == "What needs you today"
    assert ("POLICE-ONLY" in page.content()) is False


@pytest.mark.parametrize("width", WIDTHS)
def test_the_closure_flow_is_accessible_from_request_to_close(width, world, page_as, visit):
    plan = _ready_to_close(world)
    officer = page_as(world.users["owner"])
    officer.set_viewport_size({"width": width, "height": 900})
    visit(officer, f"/plans/{plan.pk}/")
    officer.fill("#closure-note", "Assaults down by a third since June")
    officer.get_by_role("button", name="Ask a manager to close this plan").click()
    officer.wait_for_load_state()
    assert "The managers have been asked" in officer.content()
    check_axe(officer)
    visit(officer, "/")
    assert "Waiting for a manager to close it" in officer.content()

    manager = page_as(world.users["manager"])
    manager.set_viewport_size({"width": width, "height": 900})
    visit(manager, "/")
    manager.get_by_role("link", name=f"{plan.reference} {plan.title}").first.click()
    manager.wait_for_load_state()
    check_axe(manager)
    manager.get_by_role("link", name="Send the request back").click()
    manager.wait_for_load_state()
    check_axe(manager)
    manager.get_by_role("button", name="Send the request back").click()  # no reason: an error
    manager.wait_for_load_state()
    assert "Enter why the plan is not ready to close" in manager.content()
    check_axe(manager)
    manager.fill("#id_reason", "Add the patrol dosage")
    manager.get_by_role("button", name="Send the request back").click()
    manager.wait_for_load_state()
    assert ClosureRequest.objects.get(plan=plan).status == ClosureRequest.Status.RETURNED
    visit(officer, "/")
    assert "Add the patrol dosage" in officer.content()


def test_a_refused_close_shows_the_error_summary_accessibly(world, page_as, visit):
    plan = _ready_to_close(world)
    page = page_as(world.users["manager"])
    visit(page, f"/plans/{plan.pk}/transition/close/")
    Plan.objects.filter(pk=plan.pk).update(outcome_summary="")  # someone empties it meanwhile
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Close the plan").click()
    assert answer.value.status == 409
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary a", has_text="Write the outcome summary").count() == 1
    check_axe(page)


def test_the_closure_request_works_without_javascript(world, page_as, live_server):
    # axe needs JavaScript: the same page was checked with it above.
    plan = _ready_to_close(world)
    page = page_as(world.users["owner"], javascript=False)
    page.goto(live_server.url + f"/plans/{plan.pk}/")
    page.get_by_role("button", name="Ask a manager to close this plan").click()
    page.wait_for_load_state()
    assert ClosureRequest.objects.get(plan=plan).status == ClosureRequest.Status.WAITING
