"""The edit conflict page (includes/_edit_conflict.html with its choices) in a real browser,
checked with axe: theirs beside mine, a choice for the field both changed, its error, and the
save that keeps both people's changes. At 320 pixels nothing scrolls sideways."""

import pytest

from plans import services
from plans.models import Plan
from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 320])
def test_a_section_conflict_is_resolved_field_by_field(width, world, page_as, visit):
    world.plan.co_owners.add(world.users["officer2"])
    page = page_as(world.users["owner"])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/plans/{world.plan.pk}/edit/analyse/")
    # Tom, a co-owner, saves the hypothesis and the offender while Priya has the form open.
    services.plan_update(
        actor=world.users["officer2"],
        plan=world.plan,
        section="analyse",
        data={"hypothesis": "Taxi queues at closing time", "pat_offender": "Groups leaving the bars"},
        version=1,
    )
    page.fill("#id_hypothesis", "Pre-loading before the bars")
    page.fill("#id_pat_victim", "Students walking home")
    page.click("button:has-text('Save')")
    content = page.content()
    assert "Someone else saved this section after you opened it" in content
    assert "Taxi queues at closing time" in content and "Groups leaving the bars" in content
    assert "You both changed working hypothesis: choose which to keep" in content
    check_axe(page)
    _no_sideways_scroll(page)
    page.screenshot(path=f"/tmp/h4-conflict-{width}.png", full_page=True)

    page.click("button:has-text('Save')")  # no choice made
    assert "Choose whether to keep the saved working hypothesis or use yours" in page.content()
    check_axe(page)
    _no_sideways_scroll(page)

    page.check("#id_keep_hypothesis-mine")
    page.click("button:has-text('Save')")
    assert page.locator("h1").inner_text() == world.plan.title
    plan = Plan.objects.get(pk=world.plan.pk)
    assert (plan.hypothesis, plan.pat_offender, plan.pat_victim) == (
        "Pre-loading before the bars",
        "Groups leaving the bars",
        "Students walking home",
    )


def test_a_task_conflict_shows_theirs_beside_mine(world, page_as, visit):
    from plans.task_services import task_update

    page = page_as(world.users["owner"])
    visit(page, f"/tasks/{world.task.pk}/edit/")
    task = world.task
    task_update(
        actor=world.users["manager"],
        task=task,
        title=task.title,
        description="Door staff radio the pastors first",
        due_date=task.due_date,
        response=task.response,
        version=task.version,
    )
    page.fill("#id_title", "Staff the rank until 04:00")
    page.click("button:has-text('Save the task')")
    content = page.content()
    assert "Door staff radio the pastors first" in content and "Staff the rank until 04:00" in content
    check_axe(page)
    page.click("button:has-text('Save the task')")
    task.refresh_from_db()
    assert (task.title, task.description) == (
        "Staff the rank until 04:00",
        "Door staff radio the pastors first",
    )
