"""Issue 23 in a real browser: the searched, filtered, sorted plan list, its CSV form, and the
plan's paged history (on its own page since issue 24, the plan page keeping its latest
activity), each checked with axe (WCAG 2.2 AA) at 1280 and 390 pixels wide."""

import os

import pytest
from django.urls import reverse

from audit.services import log_event, log_events
from plans.models import Stage

from .conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]
# Screenshots for a person to look at, when asked: H2_SHOTS=/tmp/shots pytest ...
SHOTS = os.environ.get("H2_SHOTS")


def _shot(page, name, width):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("persona", ["manager", "partner_on"])
def test_the_filtered_sorted_list_is_accessible(width, persona, world, page_as, visit):
    page = page_as(world.users[persona])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/plans/?q=clock&stage={Stage.RESPOND}&area={world.area.pk}&sort=title&order=desc")
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Title")
    assert world.plan.reference in page.content()
    assert "Filters applied" in page.content()
    # The wide table scrolls inside its own region; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"list-{persona}", width)


def test_a_filter_is_removed_by_its_link_without_javascript(world, page_as, live_server):
    page = page_as(world.users["manager"], javascript=False)
    page.goto(live_server.url + f"/plans/?stage={Stage.SCAN}&q=gallowtree")
    assert world.plan.reference not in page.content()
    page.click("text=Remove the filter Stage: Scan")
    assert "stage=" not in page.url and "q=gallowtree" in page.url
    page.fill("#id_q", "")
    page.click("text=Apply filters")
    assert world.plan.reference in page.content() and world.other_plan.reference in page.content()
    page.click("th >> text=Reference")
    assert "sort=reference" in page.url


@pytest.mark.parametrize("width", WIDTHS)
def test_the_plan_list_csv_form_is_accessible(width, world, page_as, visit):
    page = page_as(world.users["manager"])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, reverse("reports:plan_list_csv") + "?stage=scan")
    page.click("button:has-text('Download the CSV')")
    assert "Enter why you are exporting this" in page.content()
    check_axe(page)


@pytest.fixture
def busy_plan(world):
    plan, owner = world.plan, world.users["owner"]
    log_events(
        {
            "action": "plan.update",
            "actor": owner,
            "target": plan,
            "plan": plan,
            "changes": {"title": [None, f"T{i}"]},
        }
        for i in range(30)
    )
    log_event(
        action="plan.transition",
        actor=owner,
        target=plan,
        plan=plan,
        changes={"state": ["analyse", "respond"]},
    )
    for user in ("officer2", "manager"):
        log_event(action="plan.view", actor=world.users[user], target=plan, plan=plan)
    return plan


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("persona", ["owner", "partner_on"])
def test_the_plan_history_is_accessible_paged_and_filtered(width, persona, world, busy_plan, page_as, visit):
    page = page_as(world.users[persona])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/plans/{busy_plan.pk}/")
    assert page.locator("#history tbody tr").count() == 5
    assert page.locator("text=Download the plan report (PDF)").count() == 1
    assert page.evaluate("document.getElementById('history').getBoundingClientRect().right") <= width
    _shot(page, f"plan-{persona}", width)
    page.click("#history >> text=See the full history")
    assert page.url.endswith(f"/plans/{busy_plan.pk}/history/")
    check_axe(page)
    assert "Viewed 4 times by 3 people since" in page.content(), page.locator("main").inner_text()[:300]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"history-{persona}", width)
    visit(page, f"/plans/{busy_plan.pk}/history/?page=2")
    assert page.locator("main .govuk-pagination").count() == 1
    assert "(events 26 to " in page.title()
    visit(page, f"/plans/{busy_plan.pk}/history/?kind=views")
    assert page.locator("main a[aria-current=page]").inner_text() == "Views"
    _shot(page, f"history-views-{persona}", width)


def test_the_history_filter_and_page_links_work_without_javascript(world, busy_plan, page_as, live_server):
    page = page_as(world.users["manager"], javascript=False)
    page.goto(live_server.url + f"/plans/{busy_plan.pk}/")
    page.click("text=the full history")
    page.get_by_role("link", name="Stage moves", exact=True).click()
    assert page.url.endswith(f"/plans/{busy_plan.pk}/history/?kind=stages")
    assert "Moved the plan to another stage" in page.locator("main tbody").inner_text()
    assert "Changed the plan" not in page.locator("main tbody").inner_text()
    page.get_by_role("link", name="Everything but views", exact=True).click()
    page.click("main .govuk-pagination >> text=Older")
    assert page.url.endswith("/history/?page=2")
    page.click("text=Back to the plan")
    assert page.url.endswith(f"/plans/{busy_plan.pk}/")
