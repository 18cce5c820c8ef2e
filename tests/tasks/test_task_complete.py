"""Completing a task with a note and optional evidence; bad evidence leaves nothing half-saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Event
from plans.models import Attachment
from plans.task_services import task_complete

from ._files import BAD, GOOD, upload
from ._helpers import htmx, reload


def _stored_files(private_media):
    return [p for p in private_media.rglob("*") if p.is_file()] if private_media.exists() else []


def test_the_partner_completes_it_with_a_note(world):
    task_complete(actor=world.users["partner_on"], task=world.task, note="Staffed every weekend")
    task = reload(world.task)
    assert task.state == "done" and task.completion_note == "Staffed every weekend" and task.completed_at
    assert Event.objects.get(action="task.complete").changes["completion_note"] == [
        "",
        "Staffed every weekend",
    ]


def test_evidence_is_stored_outside_the_web_root_and_named_in_the_one_event(
    world, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # committed: moved to its final name
        task_complete(
            actor=world.users["partner_on"],
            task=world.task,
            note="Done",
            evidence=upload("log.pdf", GOOD["log.pdf"]),
        )
    attachment = Attachment.objects.get(task=world.task)
    assert attachment.original_name == "log.pdf" and attachment.content_type == "application/pdf"
    assert _stored_files(private_media) == [private_media / attachment.file.name]
    events = Event.objects.filter(target_id=str(world.task.pk), action__startswith="task.")
    assert [e.action for e in events] == ["task.complete"]
    assert "log.pdf" in events[0].changes["evidence"][1]


def test_a_note_is_required(world):
    with pytest.raises(ValidationError):
        task_complete(actor=world.users["partner_on"], task=world.task, note="")
    assert reload(world.task).state == "open"


@pytest.mark.parametrize("persona", ["officer2", "manager", "partner_off"])
def test_others_may_not_complete_it(persona, world):
    with pytest.raises(PermissionDenied):
        task_complete(actor=world.users[persona], task=world.task, note="Done")


@pytest.mark.parametrize("case", ["renamed program", "spreadsheet named docx", "html as png"])
def test_a_renamed_file_is_refused_and_nothing_is_saved(case, world, client_for, private_media):
    name, data = BAD[case]
    response = client_for(world.users["partner_on"]).post(
        f"/tasks/{world.task.pk}/complete/", {"note": "Done", "evidence": upload(name, data)}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "PDF, PNG, JPEG, DOCX, XLSX or CSV" in body
    assert reload(world.task).state == "open"
    assert not Attachment.objects.exists()
    assert _stored_files(private_media) == []
    assert not Event.objects.filter(action="task.complete").exists()


def test_an_empty_file_is_refused_with_a_message(world, client_for, private_media):
    response = client_for(world.users["partner_on"]).post(
        f"/tasks/{world.task.pk}/complete/", {"note": "Done", "evidence": upload("log.pdf", b"")}
    )
    assert "The selected file is empty" in response.content.decode()
    assert reload(world.task).state == "open" and not Attachment.objects.exists()


def test_a_too_large_file_is_refused_with_a_message(world, client_for, private_media):
    response = client_for(world.users["partner_on"]).post(
        f"/tasks/{world.task.pk}/complete/",
        {"note": "Done", "evidence": upload("log.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))},
    )
    assert "The file must be 10 MB or smaller" in response.content.decode()
    assert reload(world.task).state == "open" and not Attachment.objects.exists()
    assert _stored_files(private_media) == []


def test_a_failure_after_the_file_was_written_removes_it(world, private_media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("plans.task_services.log_event", broken)
    with pytest.raises(RuntimeError):
        task_complete(
            actor=world.users["partner_on"],
            task=world.task,
            note="Done",
            evidence=upload("log.pdf", GOOD["log.pdf"]),
        )
    assert reload(world.task).state == "open"
    assert not Attachment.objects.exists()
    assert _stored_files(private_media) == []
    assert not Event.objects.filter(action="task.complete").exists()


def test_htmx_completes_with_evidence_and_returns_the_row(world, client_for):
    response = htmx(
        client_for(world.users["partner_on"]),
        f"/tasks/{world.task.pk}/complete/",
        {"note": "Done", "evidence": upload("visits.csv", GOOD["visits.csv"])},
    )
    assert response.status_code == 200 and "Done" in response.content.decode()
    assert reload(world.task).state == "done"
    assert Attachment.objects.get().content_type == "text/csv"
