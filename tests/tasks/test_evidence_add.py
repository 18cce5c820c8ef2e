"""Adding evidence to a task without completing it."""

import pytest

from audit.models import Event
from plans.models import Attachment

from ._files import BAD, GOOD, upload


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_allowed_kind_uploads(name, world, client_for):
    response = client_for(world.users["partner_on"]).post(
        f"/tasks/{world.task.pk}/evidence/", {"evidence": upload(name, GOOD[name])}
    )
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == name
    assert Event.objects.get(action="attachment.upload").changes["file"] == [None, name]


def test_a_bad_file_is_refused_with_a_message(world, client_for):
    name, data = BAD["renamed program"]
    response = client_for(world.users["partner_on"]).post(
        f"/tasks/{world.task.pk}/evidence/", {"evidence": upload(name, data)}
    )
    body = response.content.decode()
    assert "There is a problem" in body and "not a real PDF file" in body
    assert not Attachment.objects.exists()


def test_no_file_is_an_error(world, client_for):
    response = client_for(world.users["partner_on"]).post(f"/tasks/{world.task.pk}/evidence/", {})
    assert "Choose a file to upload" in response.content.decode()


def test_another_organisation_may_not_upload(world, client_for):
    response = client_for(world.users["partner_on"]).post(
        f"/tasks/{world.other_org_task.pk}/evidence/", {"evidence": upload("log.pdf", GOOD["log.pdf"])}
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()
