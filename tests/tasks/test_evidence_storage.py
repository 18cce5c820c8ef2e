"""Evidence files become permanent only with their row: interrupted uploads leave nothing, and
check_storage finds (and with --remove clears) what a killed worker left."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from audit.models import Event
from plans import evidence_services
from plans.evidence_services import attachment_upload
from plans.models import Attachment
from plans.storage import clean_upload_temp_dir, staging_name, upload_temp_dir

from ._files import GOOD, upload


class BrokenUpload(SimpleUploadedFile):
    """A file whose stream breaks after its first part has been written (a dropped connection,
    a full disk)."""

    def chunks(self, chunk_size=None):
        yield self.read(16)
        raise OSError("the upload stream broke")


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_committed_upload_is_moved_to_its_final_name(
    world, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attachment_upload(
            actor=world.users["partner_on"], task=world.task, uploaded=upload("log.pdf", GOOD["log.pdf"])
        )
    assert files_under(private_media) == [attachment.file.name]
    assert attachment.file.name.startswith("evidence/")


def test_before_the_commit_the_file_is_only_staged(world, private_media):
    attachment = attachment_upload(
        actor=world.users["partner_on"], task=world.task, uploaded=upload("log.pdf", GOOD["log.pdf"])
    )
    assert files_under(private_media) == [staging_name(attachment.file.name)]
    # Its own transaction reads it already (as the page after the upload does).
    with attachment.file.open("rb") as handle:
        assert handle.read() == GOOD["log.pdf"]


def test_an_upload_interrupted_while_its_file_is_written_leaves_no_file_and_no_row(world, private_media):
    broken = BrokenUpload("log.pdf", GOOD["log.pdf"])
    with pytest.raises(OSError, match="stream broke"):
        attachment_upload(actor=world.users["partner_on"], task=world.task, uploaded=broken)
    assert files_under(private_media) == []
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(action="attachment.upload").exists()


def test_an_upload_interrupted_after_its_file_is_written_leaves_no_file_and_no_row(
    world, private_media, monkeypatch
):
    written = []

    def audit_fails(**kwargs):
        written.extend(files_under(private_media))  # the file was there when the append failed
        raise RuntimeError("the audit append failed")

    monkeypatch.setattr(evidence_services, "log_event", audit_fails)
    with pytest.raises(RuntimeError):
        attachment_upload(
            actor=world.users["partner_on"], task=world.task, uploaded=upload("log.pdf", GOOD["log.pdf"])
        )
    assert len(written) == 1
    assert files_under(private_media) == []
    assert not Attachment.objects.exists()


def test_check_storage_finds_a_planted_orphan_and_a_row_without_its_file(world, private_media, capsys):
    with_file = factories_attachment(world, private_media, "evidence/2026/01/kept.pdf")
    without_file = factories_attachment(world, private_media, "evidence/2026/01/gone.pdf", write=False)
    orphan = private_media / "evidence/2026/01/orphan.pdf"
    orphan.write_bytes(b"%PDF-1.4 nobody's")
    with pytest.raises(SystemExit) as exit_code:
        call_command("check_storage")
    assert exit_code.value.code == 1
    out = capsys.readouterr().out
    assert "file with no row: evidence/2026/01/orphan.pdf" in out
    assert f"row with no file: attachment {without_file.pk} (evidence/2026/01/gone.pdf)" in out
    assert "kept.pdf" not in out
    assert orphan.exists(), "listing removes nothing"
    assert not Event.objects.filter(action="storage.orphans_remove").exists()
    assert with_file.pk


@pytest.mark.django_db(transaction=True)
def test_check_storage_remove_deletes_orphans_audited_and_moves_committed_files_into_place(
    world, private_media, capsys
):
    kept = factories_attachment(world, private_media, "evidence/2026/01/kept.pdf")
    unmoved = factories_attachment(world, private_media, "evidence/2026/01/unmoved.pdf", staged=True)
    orphan = private_media / "evidence/2026/01/orphan.pdf"
    orphan.write_bytes(b"%PDF-1.4 nobody's")
    # Left by a worker killed before its commit, long enough ago that it is no upload in progress.
    killed = private_media / staging_name("evidence/2026/01/killed.pdf")
    killed.write_bytes(b"%PDF-1.4 half")
    an_hour_ago = time.time() - 3600
    os.utime(killed, (an_hour_ago, an_hour_ago))
    in_progress = private_media / staging_name("evidence/2026/01/uploading.pdf")
    in_progress.write_bytes(b"%PDF-1.4 now")

    call_command("check_storage", "--remove")
    out = capsys.readouterr().out
    assert "removed 2 file(s) with no row, moved 1 into place" in out
    assert not orphan.exists() and not killed.exists()
    assert in_progress.exists()
    assert (private_media / kept.file.name).exists()
    assert (private_media / unmoved.file.name).exists()
    event = Event.objects.get(action="storage.orphans_remove")
    assert sorted(event.changes["files"][0]) == sorted(
        ["evidence/2026/01/orphan.pdf", staging_name("evidence/2026/01/killed.pdf")]
    )
    call_command("check_storage")  # nothing wrong now: exits 0


def test_uploads_wait_in_a_private_folder_of_the_service_cleared_of_leftovers(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    folder = upload_temp_dir()
    assert (folder.stat().st_mode & 0o777) == 0o700
    old, new = folder / "tmpold.upload", folder / "tmpnew.upload"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert clean_upload_temp_dir(older_than=3600) == 1
    assert not old.exists() and new.exists()


def test_the_upload_folder_is_inside_the_services_data_folder():
    from django.conf import settings

    assert os.path.commonpath([settings.FILE_UPLOAD_TEMP_DIR, settings.TEMP_DIR]) == str(settings.TEMP_DIR)


def factories_attachment(world, private_media, name, *, write=True, staged=False):
    path = private_media / (staging_name(name) if staged else name)
    if write or staged:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 evidence")
    return Attachment.objects.create(
        task=world.task,
        organisation=world.task.organisation,
        uploaded_by=world.users["partner_on"],
        file=name,
        original_name=name.rsplit("/", 1)[-1],
        content_type="application/pdf",
        size=17,
        sha256="0" * 64,
    )
