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


def test_a_stored_file_and_its_folders_are_not_readable_by_other_accounts(
    world, client_for, django_capture_on_commit_callbacks
):
    import stat
    from pathlib import Path

    with django_capture_on_commit_callbacks(execute=True):  # committed: moved to its final name
        client_for(world.users["partner_on"]).post(
            f"/tasks/{world.task.pk}/evidence/", {"evidence": upload("log.pdf", GOOD["log.pdf"])}
        )
    path = Path(Attachment.objects.get().file.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o750  # evidence/<year>/<month>/


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


def test_a_file_whose_record_could_not_be_written_is_not_kept(world, private_media, monkeypatch):
    """The file is stored before its row: a failed INSERT (a lock timeout) must not leave it behind."""
    from django.db import OperationalError

    from plans import evidence_services

    def locked(self, *args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(Attachment, "save", locked)
    name = sorted(GOOD)[0]
    with pytest.raises(OperationalError):
        evidence_services.attachment_upload(
            actor=world.users["partner_on"], task=world.task, uploaded=upload(name, GOOD[name])
        )
    assert [p for p in private_media.rglob("*") if p.is_file()] == []
