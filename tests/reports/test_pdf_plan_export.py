"""Exporting the plan report: who may, the form, the disclosure event and the download."""

import io

import pypdf
import pytest
from django.urls import reverse

from audit.models import Event

PURPOSE = {"purpose": "Quarterly return to the fund", "recipient": "Home Office hotspot fund"}


def url(plan):
    return reverse("reports:plan_report_pdf", kwargs={"pk": plan.pk})


def pdf_text(response) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize("persona", ["owner", "officer2", "manager", "partner_on"])
def test_it_shows_the_export_form(world, client_for, persona):
    response = client_for(world.users[persona]).get(url(world.plan))
    assert response.status_code == 200
    assert b"Export the plan report" in response.content
    assert b'name="purpose"' in response.content
    assert b'name="recipient"' in response.content


def test_it_hides_the_plan_from_a_partner_not_on_it(world, client_for):
    client = client_for(world.users["partner_off"])
    assert client.get(url(world.plan)).status_code == 404
    assert client.post(url(world.plan), PURPOSE).status_code == 404
    assert not Event.objects.filter(action="report.export").exists()


def test_it_sends_anonymous_users_to_sign_in(world, client):
    response = client.get(url(world.plan))
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


def test_it_asks_again_when_purpose_or_recipient_is_empty(world, client_for):
    response = client_for(world.users["owner"]).post(url(world.plan), {"purpose": " ", "recipient": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"There is a problem" in response.content
    assert response.content.count(b'<p class="govuk-error-message"') == 2
    assert not Event.objects.filter(action="report.export").exists()


def test_it_downloads_the_pdf_and_records_the_disclosure(world, client_for):
    response = client_for(world.users["manager"]).post(url(world.plan), PURPOSE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"{world.plan.reference}-plan-report.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith(b"%PDF-")
    assert "POLICE-ONLY-VICTIM" in pdf_text(response)
    event = Event.objects.get(action="report.export")
    assert event.actor == world.users["manager"]
    assert event.plan_id == world.plan.pk
    assert event.reason == PURPOSE["purpose"]
    assert event.changes["recipient"] == [None, PURPOSE["recipient"]]
    assert event.changes["filename"] == [None, filename]
    assert event.changes["kind"] == [None, "plan-pdf"]


def test_it_gives_the_partner_on_the_plan_the_partner_version(world, client_for):
    response = client_for(world.users["partner_on"]).post(url(world.plan), PURPOSE)
    assert response.status_code == 200
    text = pdf_text(response)
    assert world.plan.reference in text
    for marker in ("POLICE-ONLY", "Jane Doe", "John Roe"):
        assert marker not in text
    event = Event.objects.get(action="report.export")
    assert event.changes["kind"] == [None, "plan-pdf-partner"]
    assert event.actor == world.users["partner_on"]


def test_partners_on_the_plan_see_only_the_disclosures_of_their_own_version(world, client_for):
    from plans.timeline import plan_timeline

    client_for(world.users["manager"]).post(url(world.plan), PURPOSE)
    shared = {"purpose": "Briefing the night-time partners", "recipient": "Street pastors"}
    client_for(world.users["partner_on"]).post(url(world.plan), shared)
    police_copy, partner_copy = Event.objects.filter(action="report.export").order_by("sequence")
    assert (police_copy.police_only, partner_copy.police_only) == (True, False)
    partner_reads = plan_timeline(plan=world.plan, user=world.users["partner_on"])
    assert partner_copy in partner_reads and police_copy not in partner_reads
    assert {police_copy, partner_copy} <= set(plan_timeline(plan=world.plan, user=world.users["owner"]))
    page = client_for(world.users["partner_on"]).get(reverse("plans:detail", kwargs={"pk": world.plan.pk}))
    assert "Street pastors" in page.content.decode()
    assert PURPOSE["recipient"] not in page.content.decode()


def test_another_partner_on_the_plan_does_not_read_whom_a_partner_sent_its_export_to(
    world, client_for, personas, pastors_org
):
    """A partner's disclosure may name a person: police and the partner's own organisation read
    it (a colleague as well as the lead who made it), the plan's other partners do not."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from partners.models import Membership
    from partners.roles import Role
    from plans.timeline import plan_timeline

    colleague = get_user_model().objects.create_user(username="pastors2", password="x")
    colleague.groups.add(Group.objects.get(name=Role.PARTNER_LEAD.value), pastors_org.group)
    Membership.objects.create(user=colleague, organisation=pastors_org, role=Membership.Role.LEAD)
    told = {"purpose": "Welfare referral", "recipient": "Mrs Example at 4 Market Street"}
    assert client_for(world.users["partner_on"]).post(url(world.plan), told).status_code == 200
    export = Event.objects.get(action="report.export")

    for reader in (world.users["partner_on"], colleague, world.users["owner"], world.users["manager"]):
        assert export in plan_timeline(plan=world.plan, user=reader), reader
    assert export not in plan_timeline(plan=world.plan, user=personas.bid)
    assert export not in plan_timeline(plan=world.plan, user=None)

    bid = client_for(personas.bid)
    page = bid.get(reverse("plans:detail", kwargs={"pk": world.plan.pk})).content.decode()
    assert world.plan.reference in page
    own = bid.post(url(world.plan), {"purpose": "Door staff briefing", "recipient": "BID night team"})
    text = pdf_text(own)
    for words in (told["recipient"], told["purpose"]):
        assert words not in page
        assert words not in text
    # Its own export is recorded as the PDF goes out, so its next look shows it: the rule
    # hides the other partner's export, not the timeline's disclosures as a whole.
    again = bid.get(reverse("plans:detail", kwargs={"pk": world.plan.pk})).content.decode()
    assert "BID night team" in again and told["recipient"] not in again


def test_when_every_render_slot_stays_taken_it_says_try_again_and_keeps_what_was_typed(
    world, client_for, settings, tmp_path
):
    from reports import rendering

    settings.TEMP_DIR = tmp_path
    settings.PDF_RENDER_CONCURRENCY = 1  # PDF_RENDER_QUEUE_SECONDS as set: no wait
    with rendering.render_slot(wait=0):
        response = client_for(world.users["owner"]).post(url(world.plan), PURPOSE)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Other reports are being made at the moment and this one could not start." in page
    assert "Nothing was exported or recorded. Try again in a minute." in page
    assert PURPOSE["purpose"] in page
    assert f'value="{PURPOSE["recipient"]}"' in page
    assert not Event.objects.filter(action="report.export").exists()
