"""Evidence is served only through the checked view, as a download, and each download is audited."""

from audit.models import Event
from tests import factories


def test_the_download_is_an_attachment_with_nosniff(world, client_for):
    attachment = factories.make_attachment(world.task, world.users["partner_on"], name="patrol log.pdf")
    response = client_for(world.users["manager"]).get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "patrol log.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == factories.PDF_BYTES


def test_each_download_is_recorded(world, client_for):
    attachment = factories.make_attachment(world.task, world.users["partner_on"])
    client_for(world.users["partner_on"]).get(f"/attachments/{attachment.pk}/")
    event = Event.objects.get(action="attachment.download")
    assert event.actor == world.users["partner_on"] and event.target_id == str(attachment.pk)


def test_another_organisation_on_the_plan_gets_404_and_nothing_is_recorded(world, client_for):
    attachment = factories.make_attachment(world.other_org_task, world.users["owner"])
    response = client_for(world.users["partner_on"]).get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 404
    assert not Event.objects.filter(action="attachment.download").exists()


def test_the_evidence_list_is_hidden_from_other_organisations(world, client_for):
    factories.make_attachment(world.other_org_task, world.users["owner"], name="door-staff.pdf")
    page = client_for(world.users["partner_on"]).get(f"/tasks/{world.other_org_task.pk}/").content.decode()
    assert "door-staff.pdf" not in page and "Evidence" not in page


def test_a_file_missing_from_disk_is_404_and_logged_as_an_error(world, client_for, caplog):
    attachment = factories.make_attachment(world.task, world.users["partner_on"])
    attachment.file.storage.delete(attachment.file.name)
    with caplog.at_level("ERROR", logger="plans.evidence_views"):
        assert client_for(world.users["owner"]).get(f"/attachments/{attachment.pk}/").status_code == 404
    assert f"Evidence file of attachment {attachment.pk} cannot be opened" in caplog.text
    assert attachment.original_name not in caplog.text
