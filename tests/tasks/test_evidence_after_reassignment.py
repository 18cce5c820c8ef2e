"""Evidence stays with the organisation it was added for when its task is reassigned.

QA found the opposite: evidence was read through the task's organisation grant, so reassigning a
task from Street Pastors to BID Leicester handed BID the Street Pastors files (listed on the task
page, downloaded, named in the plan's history) and left Street Pastors with 404 for their own.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from audit.models import Event
from plans.evidence_services import attachment_record_download, attachment_upload
from plans.models import Attachment
from plans.partner_services import plan_partner_remove
from plans.service_support import TaskStateError
from plans.task_selectors import evidence_readable_on_plan
from plans.task_services import task_reassign
from reports import plan_pdf
from tests.factories import PDF_BYTES

from ._files import GOOD, upload

PASTORS_FILE = "pastors-welfare-log-Jane-Doe.pdf"
BID_FILE = "bid-door-staff-rota.pdf"


@pytest.fixture
def client_for(db):
    """A client of their own for each user: no message left by another's request reaches them."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def reassigned(world, bid_org, client_for):
    """Street Pastors' lead adds evidence to their task; the owner then reassigns it to BID."""
    pastors = world.users["partner_on"]
    response = client_for(pastors).post(
        f"/tasks/{world.task.pk}/evidence/", {"evidence": upload(PASTORS_FILE, PDF_BYTES)}
    )
    assert response.status_code == 302
    response = client_for(world.users["owner"]).post(
        f"/tasks/{world.task.pk}/reassign/", {"organisation": bid_org.pk}
    )
    assert response.status_code == 302
    return Attachment.objects.get(original_name=PASTORS_FILE)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_file_is_recorded_as_the_uploaders_organisations(world, pastors_org, reassigned):
    assert reassigned.organisation == pastors_org
    assert Attachment.objects.get(pk=reassigned.pk).task.organisation.name == "BID Leicester"


def test_the_new_organisation_does_not_get_the_files_of_the_one_before(world, bid, reassigned, client_for):
    client = client_for(bid)
    page = _page(client, f"/tasks/{world.task.pk}/")
    assert PASTORS_FILE not in page and f"/attachments/{reassigned.pk}/" not in page
    assert "No evidence yet." in page  # BID holds the task: its own evidence goes here
    assert client.get(f"/attachments/{reassigned.pk}/").status_code == 404
    assert not Event.objects.filter(action="attachment.download").exists()
    with pytest.raises(PermissionDenied):
        attachment_record_download(actor=bid, attachment=reassigned)
    plan_page = _page(client, f"/plans/{world.plan.pk}/")
    assert PASTORS_FILE not in plan_page and "Uploaded an attachment" not in plan_page
    # Nor its PDF (reports.pdf reads the same timeline).
    events = plan_pdf.plan_report_context(plan=world.plan, user=bid, partner_version=True)["timeline"][
        "events"
    ]
    assert [e.target_label for e in events if e.action.startswith("attachment.")] == []


def test_the_organisation_before_keeps_reading_its_own_files(world, reassigned, client_for):
    client = client_for(world.users["partner_on"])
    page = _page(client, f"/tasks/{world.task.pk}/")
    assert PASTORS_FILE in page and f"/attachments/{reassigned.pk}/" in page
    # On a task it can no longer update or add to.
    assert f"/tasks/{world.task.pk}/start/" not in page and f"/tasks/{world.task.pk}/evidence/" not in page
    response = client.get(f"/attachments/{reassigned.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert Event.objects.get(action="attachment.download").actor == world.users["partner_on"]
    plan_page = _page(client, f"/plans/{world.plan.pk}/")
    assert PASTORS_FILE in plan_page and "Downloaded an attachment" in plan_page


def test_each_organisation_reads_only_its_own_files_on_the_task(
    world, bid, bid_org, pastors_org, reassigned, client_for
):
    client = client_for(bid)
    assert (
        client.post(
            f"/tasks/{world.task.pk}/evidence/", {"evidence": upload(BID_FILE, PDF_BYTES)}
        ).status_code
        == 302
    )
    bid_file = Attachment.objects.get(original_name=BID_FILE)
    assert bid_file.organisation == bid_org
    page = _page(client, f"/tasks/{world.task.pk}/")
    assert BID_FILE in page and PASTORS_FILE not in page

    client = client_for(world.users["partner_on"])
    page = _page(client, f"/tasks/{world.task.pk}/")
    assert PASTORS_FILE in page and BID_FILE not in page
    assert client.get(f"/attachments/{bid_file.pk}/").status_code == 404

    for user in (world.users["owner"], world.users["manager"]):  # police read both
        page = _page(client_for(user), f"/tasks/{world.task.pk}/")
        assert PASTORS_FILE in page and BID_FILE in page

    assert evidence_readable_on_plan(world.users["partner_on"], world.plan)[1] == {reassigned.pk}
    assert evidence_readable_on_plan(bid, world.plan)[1] == {bid_file.pk}


def test_the_new_organisations_task_list_names_no_files_of_the_one_before(world, bid, reassigned, client_for):
    page = _page(client_for(bid), "/tasks/")
    assert world.task.title in page and PASTORS_FILE not in page
    # The task's own page lists the files this reader may read: the organisation before's
    # stay with it, so BID's lead does not see the file Street Pastors added.
    assert PASTORS_FILE not in _page(client_for(bid), f"/tasks/{world.task.pk}/")
    assert PASTORS_FILE in _page(client_for(world.users["partner_on"]), f"/tasks/{world.task.pk}/")


def test_a_file_the_owner_adds_is_the_organisation_holding_the_task_then(
    world, bid, bid_org, pastors_org, client_for
):
    owner = world.users["owner"]
    before = attachment_upload(actor=owner, task=world.task, uploaded=upload("before.pdf", PDF_BYTES))
    task_reassign(actor=owner, task=world.task, organisation=bid_org)
    after = attachment_upload(actor=owner, task=world.task, uploaded=upload("after.pdf", PDF_BYTES))
    assert (before.organisation, after.organisation) == (pastors_org, bid_org)
    page = _page(client_for(bid), f"/tasks/{world.task.pk}/")
    assert "after.pdf" in page and "before.pdf" not in page


def test_an_organisation_taken_off_the_plan_no_longer_reads_its_files(
    world, pastors_org, bid_org, client_for
):
    attachment = attachment_upload(
        actor=world.users["partner_on"], task=world.task, uploaded=upload(PASTORS_FILE, PDF_BYTES)
    )
    plan_partner_remove(actor=world.users["owner"], plan=world.plan, organisation=pastors_org)
    task_reassign(actor=world.users["owner"], task=world.task, organisation=bid_org)
    client = client_for(world.users["partner_on"])
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert client.get(f"/tasks/{world.task.pk}/").status_code == 404


def test_an_upload_racing_a_reassignment_is_not_given_to_the_new_organisation(world, bid_org, monkeypatch):
    """The upload's permission is checked before the task is locked; a reassignment in between
    must not make the partner's file the new organisation's."""
    from partners import permissions
    from plans import evidence_files

    checks = []
    may = permissions.may

    def reassigned_after_the_check(user, name, obj=None):
        if name != "plans.update_task":
            return may(user, name, obj)
        checks.append(obj.pk)
        if len(checks) == 1:  # the check before the lock, which passed
            task_reassign(actor=world.users["owner"], task=obj, organisation=bid_org)
            return True
        return may(user, name, obj)

    # The check before the lock (the service, through require) and the one under it (the file's
    # organisation).
    monkeypatch.setattr(permissions, "may", reassigned_after_the_check)
    monkeypatch.setattr(evidence_files, "may", reassigned_after_the_check)
    with pytest.raises(TaskStateError):
        attachment_upload(
            actor=world.users["partner_on"], task=world.task, uploaded=upload("log.pdf", GOOD["log.pdf"])
        )
    assert not Attachment.objects.exists()
    assert len(checks) == 2
