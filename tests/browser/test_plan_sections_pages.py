"""The plan's SARA sections as a GOV.UK task list, in a real browser, checked with axe."""

import pytest

from tests.browser.test_stage_check_pages import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("persona", ["owner", "partner_on"])
def test_the_sections_task_list_reads_in_govuk_words(persona, width, world, page_as, visit):
    page = page_as(world.users[persona])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/plans/{world.plan.pk}/")
    sections = page.locator("#sections").inner_text()
    assert "Respond: what each agency will do" in sections
    assert "The plan is at this stage" in sections
    assert "In progress" in sections
    shot(page, f"plan-{persona}")
