"""The check pages before a stage move partners notice, in a real browser, checked with axe;
the withdrawal done end to end without JavaScript."""

import os

import pytest

from plans.models import Plan, Stage
from tests.browser.conftest import check_axe
from tests.plans.helpers import ready_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    """A screenshot for a person to look at, when SHOTS_DIR asks for them."""
    where = os.environ.get("SHOTS_DIR")
    if where:
        page.screenshot(path=f"{where}/{name}-{page.viewport_size['width']}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_close_check_is_accessible(width, world, page_as, visit):
    plan = ready_plan(world, Stage.ASSESS)
    page = page_as(world.users["manager"])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/plans/{plan.pk}/check/close/")
    assert page.locator("h1").inner_text() == "Check before you close the plan"
    shot(page, "check-close")


def test_the_start_response_check_is_accessible(world, page_as, visit):
    plan = ready_plan(world, Stage.ANALYSE)
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{plan.pk}/check/start_response/")
    assert "Street Pastors" in page.locator("#check-partners").inner_text()
    shot(page, "check-start-response")


def test_a_manager_withdraws_a_plan_through_the_check_page_without_javascript(world, page_as, live_server):
    page = page_as(world.users["manager"], javascript=False)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/")
    page.click("text=Withdraw the plan")
    page.click("text=Continue")
    assert "Enter why the plan is being withdrawn" in page.content()
    page.fill("#id_reason", "Funding ended")
    page.click("text=Continue")
    assert page.locator("h1").inner_text() == "Check before you withdraw the plan"
    page.click("#check-plan a:has-text('Change')")
    assert page.input_value("#id_reason") == "Funding ended"
    page.fill("#id_reason", "Funding ended in March")
    page.click("text=Continue")
    assert "Funding ended in March" in page.locator("#check-plan").inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "check-withdraw")
    assert Plan.objects.get(pk=world.plan.pk).state == Stage.RESPOND
    page.click("button:has-text('Withdraw the plan')")
    assert "is now withdrawn" in page.content()
    assert Plan.objects.get(pk=world.plan.pk).state == Stage.WITHDRAWN


def test_the_withdraw_reason_page_is_accessible(world, page_as, visit):
    page = page_as(world.users["manager"])
    visit(page, f"/plans/{world.plan.pk}/check/withdraw/")
    page.click("text=Continue")
    check_axe(page)
