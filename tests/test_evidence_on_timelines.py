"""Evidence on the plan timeline, on screen and in the PDF: only for who may read the evidence itself.

Evidence belongs to the organisation it was added for ("plans.read_evidence", plans.task_permissions):
another partner on the plan gets 404 for the file and no evidence list on the task page, so
the plan's audit timeline, on screen and in the PDF, must not name the file either.
"""

import io

import pypdf
import pytest

from partners.models import Membership
from plans.evidence_services import attachment_record_download, attachment_upload
from plans.task_services import task_complete
from reports import plan_pdf
from tests.tasks._files import GOOD, upload

pytestmark = pytest.mark.django_db

BID_FILE = "bid-door-staff-report-Jane-Doe.pdf"
OWNER_FILE = "cctv-still-John-Roe.pdf"


@pytest.fixture
def bid_evidence(world):
    """BID's lead adds evidence to BID's task; the owner downloads it, then completes the task with more."""
    bid_lead = Membership.objects.get(organisation=world.other_org_task.organisation).user
    attachment = attachment_upload(
        actor=bid_lead, task=world.other_org_task, uploaded=upload(BID_FILE, GOOD["log.pdf"])
    )
    attachment_record_download(actor=world.users["owner"], attachment=attachment)
    task_complete(
        actor=world.users["owner"],
        task=world.other_org_task,
        note="Radio link live",
        evidence=upload(OWNER_FILE, GOOD["log.pdf"]),
    )
    return bid_lead


def _plan_page(client_for, user, plan):
    return client_for(user).get(f"/plans/{plan.pk}/").content.decode()


def test_another_organisations_evidence_is_not_named_in_the_plan_timeline(world, bid_evidence, client_for):
    page = _plan_page(client_for, world.users["partner_on"], world.plan)
    assert BID_FILE not in page and OWNER_FILE not in page
    # The task's completion is still there, without the file it was completed with.
    assert "Completed a task" in page and "Radio link live" in page


def test_the_assigned_organisation_and_police_still_read_its_evidence_events(world, bid_evidence, client_for):
    for user in (bid_evidence, world.users["owner"]):
        page = _plan_page(client_for, user, world.plan)
        assert BID_FILE in page and OWNER_FILE in page, user
        assert "Uploaded an attachment" in page and "Downloaded an attachment" in page


def test_the_partner_version_pdf_does_not_name_another_organisations_evidence(world, bid_evidence):
    data = plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["partner_on"], partner_version=True)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Audit timeline" in text
    assert BID_FILE not in text and OWNER_FILE not in text


@pytest.mark.parametrize(("user", "names_it"), [("bid_lead", True), ("partner_on", False), ("batch", False)])
def test_the_pdf_timeline_names_evidence_only_to_those_who_may_read_it(world, bid_evidence, user, names_it):
    reader = {"bid_lead": bid_evidence, "partner_on": world.users["partner_on"], "batch": None}[user]
    context = plan_pdf.plan_report_context(plan=world.plan, user=reader, partner_version=True)
    events = context["timeline"]["events"]
    labels = [event.target_label for event in events]
    assert (BID_FILE in labels) is names_it
    assert all(not event.police_only for event in events)


def test_older_events_take_the_place_of_evidence_events_left_out(world, request, django_assert_num_queries):
    from plans.services import plan_record_view
    from plans.timeline import plan_timeline

    for _ in range(4):  # older events every reader of the plan may read
        plan_record_view(actor=world.users["owner"], plan=world.plan)
    request.getfixturevalue("bid_evidence")  # then the upload, download and completion
    partner = world.users["partner_on"]
    everything = plan_timeline(plan=world.plan, user=partner, limit=1000)
    newest_three = plan_timeline(plan=world.plan, user=partner, limit=3)
    assert [e.sequence for e in newest_three] == [e.sequence for e in everything[:3]]
    assert len(newest_three) == 3 and newest_three[-1].action == "plan.view"
    # A police reader's list is one query, as before, and one for the names of the people in it.
    with django_assert_num_queries(2):
        assert len(plan_timeline(plan=world.plan, user=world.users["owner"], limit=3)) == 3
