"""The PDF export pages in a real browser: accessible forms, errors, and the download itself."""

import io

import pypdf
import pytest

from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "manager"])
def test_the_plan_export_form_is_accessible(persona, world, page_as, visit):
    page = page_as(world.users[persona])
    visit(page, f"/plans/{world.plan.pk}/report.pdf")
    assert page.locator("h1").inner_text() == "Export the plan report"


def test_the_programme_export_form_is_accessible_to_a_manager(world, page_as, visit):
    page = page_as(world.users["manager"])
    visit(page, "/programme/report.pdf")
    assert page.locator("h1").inner_text() == "Export the programme report"


def test_an_empty_export_shows_accessible_errors(world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{world.plan.pk}/report.pdf")
    page.click("text=Download the PDF")
    assert "There is a problem" in page.content()
    check_axe(page)


def test_the_partner_downloads_the_partner_version_without_javascript(world, page_as, live_server):
    page = page_as(world.users["partner_on"], javascript=False)
    page.goto(live_server.url + f"/plans/{world.plan.pk}/report.pdf")
    page.fill("#id_purpose", "Trustees' meeting")
    page.fill("#id_recipient", "Street Pastors trustees")
    with page.expect_download() as info:
        page.click("text=Download the PDF")
    download = info.value
    assert download.suggested_filename == f"{world.plan.reference}-plan-report.pdf"
    with open(download.path(), "rb") as handle:
        data = handle.read()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert world.plan.reference in text
    assert "POLICE-ONLY" not in text
