"""Tasks for police teams in a real browser, each page checked with axe (and at 320 pixels):
the owner assigns a task to a team; a team member finds it on the home page and Our tasks and
works through it; a partner on the plan sees whose it is and cannot act on it.

SHOTS_DIR=/tmp/teams-shots keeps a screenshot of each page at 1280 and 320 CSS pixels.
"""

import datetime

import pytest
from django.utils import timezone

from plans.models import Task
from tests import factories
from tests.browser.test_stage_check_pages import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _team(world):
    return factories.make_police_team("CCTV Control Room", members=[world.users["officer2"]])


@pytest.mark.parametrize("width", [1280, 320])
def test_the_owner_assigns_a_task_to_a_team_not_on_the_plan(width, world, page_as, visit):
    team = _team(world)
    page = page_as(world.users["owner"])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/plans/{world.plan.pk}/tasks/new/")
    page.fill("#id_title", "Watch the rank on camera")
    page.select_option("#id_organisation", label="CCTV Control Room")
    due = timezone.localdate() + datetime.timedelta(days=7)
    page.fill("#id_due_date-day", str(due.day))
    page.fill("#id_due_date-month", str(due.month))
    page.fill("#id_due_date-year", str(due.year))
    shot(page, "team-task-create")
    page.get_by_role("button", name="Create the task").click()
    page.wait_for_load_state()
    task = Task.objects.get(title="Watch the rank on camera")
    assert task.organisation == team and not world.plan.partner_links.filter(organisation=team).exists()


@pytest.mark.parametrize("width", [1280, 320])
def test_a_team_member_finds_and_works_through_the_teams_task(width, world, page_as, visit):
    team = _team(world)
    task = factories.make_task(world.plan, team, title="Watch the rank on camera", due_in_days=-2)
    page = page_as(world.users["officer2"])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, "/")
    assert "CCTV Control Room: tasks overdue (1)" in page.content()
    shot(page, "team-home")
    visit(page, "/tasks/")
    assert "CCTV Control Room" in page.locator(".govuk-caption-l").inner_text()
    shot(page, "team-our-tasks")
    with page.expect_response(lambda r: r.url.endswith(f"/tasks/{task.pk}/start/")):
        page.locator(f"#task-{task.pk}").get_by_role("button", name="Start").click()
    page.locator(f"#task-{task.pk} >> text=In progress").first.wait_for()
    shot(page, "team-our-tasks-started")
    task.refresh_from_db()
    assert task.state == "in_progress"
    visit(page, f"/tasks/{task.pk}/")
    shot(page, "team-task-detail")


@pytest.mark.parametrize("width", [1280, 320])
def test_a_partner_sees_the_teams_task_and_cannot_act_on_it(width, world, page_as, visit):
    task = factories.make_task(world.plan, _team(world), title="Watch the rank on camera")
    page = page_as(world.users["partner_on"])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/tasks/{task.pk}/")
    body = page.content()
    assert "CCTV Control Room" in body and "POLICE-ONLY" not in body
    assert page.get_by_role("button", name="Start").count() == 0
    shot(page, "team-task-partner")
    visit(page, f"/tasks/{task.pk}/start/", status=403)
