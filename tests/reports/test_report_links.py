"""Reports reachable: every export has a link on the page it belongs to, shown to whoever may use it."""

import pytest
from django.urls import reverse

from audit.services import log_event

pytestmark = pytest.mark.django_db

LINK = "Download the plan report (PDF)"
PARTNER_NOTE = "The partner version: police-only information is left out."


@pytest.mark.parametrize("persona", ["owner", "officer2", "manager"])
def test_police_find_the_plan_report_on_the_plan_page(persona, world, client_for):
    browser = client_for(world.users[persona])
    html = browser.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    href = reverse("reports:plan_report_pdf", args=[world.plan.pk])
    assert f'<a class="govuk-link" href="{href}">{LINK}</a>' in html
    assert PARTNER_NOTE not in html
    form = browser.get(href)
    assert form.status_code == 200 and "Why are you exporting this?" in form.content.decode()


def test_a_partner_lead_on_the_plan_finds_the_partner_version(world, client_for):
    html = (
        client_for(world.users["partner_on"])
        .get(reverse("plans:detail", args=[world.plan.pk]))
        .content.decode()
    )
    assert LINK in html
    assert PARTNER_NOTE in html


def test_a_partner_lead_not_on_the_plan_gets_no_page_and_no_link(world, client_for):
    response = client_for(world.users["partner_off"]).get(reverse("plans:detail", args=[world.plan.pk]))
    assert response.status_code == 404
    assert LINK not in response.content.decode()


def test_the_programme_report_is_linked_from_the_programme_page_for_managers(world, client_for):
    html = client_for(world.users["manager"]).get(reverse("reports:programme")).content.decode()
    assert f'href="{reverse("reports:programme_report_pdf")}?start=' in html
    assert "Export the programme report (PDF)" not in (
        client_for(world.users["owner"]).get(reverse("reports:programme")).content.decode()
    )


def test_the_audit_csv_is_linked_from_the_audit_search(world, client_for):
    log_event(action="plan.update", actor=world.users["owner"], target=world.plan, plan=world.plan)
    html = client_for(world.users["manager"]).get(reverse("audit:search")).content.decode()
    assert f'href="{reverse("audit:export")}">Export these events as CSV' in html
