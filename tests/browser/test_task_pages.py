"""Task pages in a real browser: axe on every page, the plain forms without JavaScript,
and the htmx inline update on "Our tasks".

axe runs as a script, so pages visited with JavaScript off are checked by the same page's
JavaScript-on test; the no-JS tests prove the plain forms work.
"""

import datetime

import pytest
from django.utils import timezone

from plans.models import Task
from tests import factories
from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _state(task):
    return Task.objects.get(pk=task.pk).state


def test_our_tasks_is_accessible_and_starts_a_task_inline_with_htmx(world, page_as, visit):
    factories.make_task(world.plan, world.task.organisation, title="Late leaflets", due_in_days=-2)
    page = page_as(world.users["partner_on"])
    visit(page, "/tasks/")
    assert page.locator("h1").inner_text() == "Our tasks"
    assert page.locator(".app-task-row h2").first.inner_text() == "Late leaflets"  # overdue first
    page.evaluate("window.__no_reload = true")
    row = page.locator(f"#task-{world.task.pk}")
    with page.expect_response(lambda r: r.url.endswith(f"/tasks/{world.task.pk}/start/")):
        row.get_by_role("button", name="Start").click()
    page.locator(f"#task-{world.task.pk} >> text=Task started").wait_for()
    assert page.evaluate("window.__no_reload") is True  # swapped in place, no page load
    assert "In progress" in page.locator(f"#task-{world.task.pk}").inner_text()
    assert _state(world.task) == "in_progress"
    check_axe(page)


def test_finished_tasks_and_further_pages_are_accessible(world, page_as, visit):
    from plans.task_views import OUR_TASKS_PAGE_SIZE

    organisation = world.task.organisation
    for n in range(OUR_TASKS_PAGE_SIZE):
        factories.make_task(world.plan, organisation, title=f"Leaflet round {n}", due_in_days=n + 20)
    factories.make_task(world.plan, organisation, title="Radio check", state="done")
    page = page_as(world.users["partner_on"])
    visit(page, "/tasks/")
    page.get_by_role("link", name="Next tasks").click()
    assert page.url.endswith("/tasks/?page=2")
    assert page.locator(".app-task-row h2").inner_text() == f"Leaflet round {OUR_TASKS_PAGE_SIZE - 1}"
    check_axe(page)
    page.get_by_role("link", name="Finished (1)").click()
    assert page.locator(".app-task-row h2").inner_text() == "Radio check"
    check_axe(page)


def test_an_inline_error_is_shown_in_the_row_with_htmx(world, page_as, visit):
    page = page_as(world.users["partner_on"])
    visit(page, "/tasks/")
    row = page.locator(f"#task-{world.task.pk}")
    # The link opens the form in the row (htmx), no page change.
    with page.expect_response(lambda r: f"/tasks/{world.task.pk}/block/?" in r.url):
        row.get_by_role("button", name="Mark as blocked").click()
    row = page.locator(f"#task-{world.task.pk}")
    row.locator("textarea").wait_for()
    assert page.url.endswith("/tasks/")
    with page.expect_response(lambda r: r.url.endswith(f"/tasks/{world.task.pk}/block/")):
        row.locator("form").get_by_role("button", name="Mark as blocked").click()
    page.locator(f"#task-{world.task.pk} >> text=Enter why the task is blocked").wait_for()
    assert _state(world.task) == "open"
    check_axe(page)


def test_our_tasks_works_without_javascript(world, page_as, live_server):
    page = page_as(world.users["partner_on"], javascript=False)
    page.goto(live_server.url + "/tasks/")
    row = page.locator(f"#task-{world.task.pk}")
    row.get_by_role("button", name="Mark as done").click()  # a link to the form's page
    page.wait_for_load_state()
    assert f"/tasks/{world.task.pk}/complete/" in page.url
    page.locator("textarea[name=note]").fill("Staffed the rank all weekend")
    page.get_by_role("button", name="Mark as done").click()
    page.wait_for_load_state()
    assert page.url.endswith("/tasks/")
    assert "Task completed" in page.content()
    assert _state(world.task) == "done"


@pytest.mark.parametrize("javascript", [True, False])
def test_the_block_page_shows_an_error_summary(javascript, world, page_as, live_server):
    page = page_as(world.users["partner_on"], javascript=javascript)
    page.goto(live_server.url + f"/tasks/{world.task.pk}/block/")
    page.get_by_role("button", name="Mark as blocked").click()
    page.wait_for_load_state()
    assert "There is a problem" in page.content()
    assert _state(world.task) == "open"
    if javascript:
        check_axe(page)


@pytest.mark.parametrize("persona", ["owner", "partner_on", "manager"])
def test_the_task_page_is_accessible(persona, world, page_as, visit):
    factories.make_attachment(world.task, world.users["partner_on"], name="rota.pdf")
    page = page_as(world.users[persona])
    visit(page, f"/tasks/{world.task.pk}/")
    assert page.locator("h1").inner_text() == world.task.title


def test_the_create_form_shows_accessible_errors(world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{world.plan.pk}/tasks/new/")
    page.get_by_role("button", name="Create the task").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the task's title" in summary.inner_text()
    check_axe(page)


def test_the_create_form_creates_a_task(world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{world.plan.pk}/tasks/new/")
    page.fill("#id_title", "Check the CCTV")
    page.select_option("#id_organisation", label="Street Pastors")
    due = timezone.localdate() + datetime.timedelta(days=30)
    page.fill("#id_due_date-day", str(due.day))
    page.fill("#id_due_date-month", str(due.month))
    page.fill("#id_due_date-year", str(due.year))
    page.get_by_role("button", name="Create the task").click()
    page.wait_for_load_state()
    assert Task.objects.filter(title="Check the CCTV").exists()
    check_axe(page)


@pytest.mark.parametrize("persona", ["owner", "partner_on"])
def test_the_plan_panel_page_is_accessible(persona, world, page_as, visit):
    page = page_as(world.users[persona])
    visit(page, f"/plans/{world.plan.pk}/tasks/")


def test_the_other_form_pages_are_accessible(world, page_as, visit):
    owner = page_as(world.users["owner"])
    for path in (
        f"/plans/{world.plan.pk}/partners/add/",
        f"/plans/{world.plan.pk}/partners/{world.task.organisation_id}/remove/",
        f"/plans/{world.plan.pk}/comments/add/",
        f"/tasks/{world.task.pk}/edit/",
        f"/tasks/{world.task.pk}/reassign/",
        f"/tasks/{world.task.pk}/cancel/",
        f"/tasks/{world.task.pk}/start/",
        f"/tasks/{world.task.pk}/complete/",
        f"/tasks/{world.task.pk}/evidence/",
    ):
        visit(owner, path)


def test_a_refused_upload_shows_an_accessible_error(world, page_as, visit, tmp_path):
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    page = page_as(world.users["partner_on"])
    visit(page, f"/tasks/{world.task.pk}/evidence/")
    page.set_input_files("#id_evidence", str(fake))
    page.get_by_role("button", name="Upload the file").click()
    page.wait_for_load_state()
    assert "not a real PDF file" in page.content()
    check_axe(page)
