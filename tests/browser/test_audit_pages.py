"""The audit pages in a real browser: accessible search, export form and errors, a CSV download."""

import pytest

from audit.models import Event
from tests.audit.chain import log_plan_history
from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trail(world):
    log_plan_history(world, victim_details="POLICE-ONLY-VALUE")
    return world


def test_the_search_page_is_accessible_with_results(trail, page_as, visit):
    page = page_as(trail.users["manager"])
    visit(page, "/audit/")
    assert page.locator("h1").inner_text() == "Audit trail"
    assert "Moved the plan to another stage" in page.content()


def test_filtering_without_javascript_keeps_the_filters(trail, page_as, live_server):
    page = page_as(trail.users["manager"], javascript=False)
    page.goto(live_server.url + "/audit/")
    page.fill("#id_plan", trail.plan.reference)
    page.select_option("#id_organisation", "Leicestershire Police")
    page.click("button:has-text('Search')")
    assert page.input_value("#id_plan") == trail.plan.reference
    assert "Moved the plan to another stage" in page.content()


def test_searching_by_a_name_and_an_action_in_words(trail, page_as, visit):
    page = page_as(trail.users["manager"])
    visit(page, "/audit/")
    page.fill("#id_person", "Priya Shah")
    page.select_option("#id_action", label="Moved the plan to another stage")
    page.click("button:has-text('Search')")
    assert "action=plan.transition" in page.url
    rows = page.locator(".govuk-table__body .govuk-table__row")
    assert rows.count() >= 1
    assert all("Moved the plan to another stage" in text for text in rows.all_inner_texts())
    check_axe(page)


def test_a_search_error_is_accessible(trail, page_as, visit):
    page = page_as(trail.users["manager"])
    visit(page, "/audit/?plan=PSP-9999&date_from=2026-05-01&date_to=2026-04-01")
    assert "There is a problem" in page.content()
    assert "There is no plan with the reference PSP-9999" in page.content()


def test_the_export_form_and_its_errors_are_accessible(trail, page_as, visit):
    page = page_as(trail.users["manager"])
    visit(page, f"/audit/export/?plan={trail.plan.reference}")
    assert page.locator("h1").inner_text() == "Export audit events"
    page.click("text=Download the CSV")
    assert "Enter why you are exporting these events" in page.content()
    check_axe(page)


def test_the_export_downloads_a_csv_after_recording_it(trail, page_as, live_server):
    page = page_as(trail.users["manager"], javascript=False)
    page.goto(live_server.url + "/audit/")
    page.click("text=Export these events as CSV")
    page.fill("#id_purpose", "Subject access request")
    page.fill("#id_recipient", "Information rights team")
    with page.expect_download() as info:
        page.click("text=Download the CSV")
    download = info.value
    assert download.suggested_filename.startswith("audit-events-")
    with open(download.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    assert "plan.transition" in text
    assert Event.objects.filter(action="report.export", reason="Subject access request").count() == 1


def test_an_officer_gets_an_accessible_refusal(trail, page_as, visit):
    page = page_as(trail.users["owner"])
    visit(page, "/audit/", status=403)
