"""On a narrow screen the patrol log and a plan's tasks are GOV.UK summary cards, not a table
wider than the phone; on a wide one, the table. Checked with axe and for reflow at 320 pixels."""

import datetime

import pytest

from tests import factories
from tests.browser.test_stage_check_pages import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _patrol(world):
    return factories.make_patrol(
        area=world.area,
        logged_by=world.users["partner_on"],
        date=datetime.date(2026, 11, 28),
        start_time=datetime.time(22, 30),
        minutes=15,
        engagements=4,
    )


def test_the_patrol_log_is_cards_at_320_and_a_table_at_1280(world, page_as, visit):
    _patrol(world)
    page = page_as(world.users["partner_on"])
    page.set_viewport_size({"width": 320, "height": 900})
    visit(page, "/areas/patrols/")
    card = page.locator(".govuk-summary-card").first
    assert card.is_visible()
    assert "28 Nov 2026 22:30, Clock Tower" in card.inner_text()
    assert "4 engagements" in card.inner_text()
    assert not page.locator("table.app-wide-only").is_visible()
    assert card.get_by_role("link", name="Change").is_visible()
    shot(page, "patrols")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("table.app-wide-only").is_visible()
    assert not card.is_visible()
    shot(page, "patrols")


def test_a_plans_tasks_are_cards_at_320(world, page_as, visit):
    page = page_as(world.users["owner"])
    page.set_viewport_size({"width": 320, "height": 900})
    visit(page, f"/plans/{world.plan.pk}/tasks/")
    cards = page.locator("#tasks .govuk-summary-card")
    assert cards.count() == 2
    assert world.task.title in cards.first.inner_text()
    assert "Street Pastors" in cards.first.inner_text()
    shot(page, "plan-tasks")
