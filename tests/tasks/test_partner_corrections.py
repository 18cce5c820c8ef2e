"""Partners correct themselves: a lead reopens a task their organisation marked done by mistake
while the plan is in Respond (the owner is told), and removes evidence their organisation
uploaded (the file goes; the history keeps its name and who removed it)."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import Event
from partners.refusals import Refused
from plans import task_fix_services
from plans.models import Attachment, Plan, Stage, Task, TaskState
from plans.service_support import TaskStateError
from tests import factories

pytestmark = pytest.mark.django_db


def _done(task):
    Task.objects.filter(pk=task.pk).update(state=TaskState.DONE, completion_note="Staffed every weekend")
    return Task.objects.select_related("plan").get(pk=task.pk)


def test_a_lead_reopens_a_task_marked_done_by_mistake_and_the_owner_is_emailed(
    world, client_for, django_capture_on_commit_callbacks
):
    task = _done(world.task)
    browser = client_for(world.users["partner_on"])
    page = browser.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert reverse("tasks:reopen", args=[task.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            reverse("tasks:reopen", args=[task.pk]), {"reason": "Only half the rota was staffed"}
        )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    assert task.completion_note == "" and task.completed_at is None
    event = Event.objects.filter(action="task.reopen").get()
    assert event.actor == world.users["partner_on"]
    assert event.reason == "Only half the rota was staffed"
    assert event.changes == {
        "state": ["done", "in_progress"],
        "completion_note": ["Staffed every weekend", ""],
    }
    assert [m.to for m in mail.outbox] == [[world.users["owner"].email]]
    assert "Only half the rota was staffed" in mail.outbox[0].body
    assert task.title in mail.outbox[0].body


def test_a_reopen_without_a_reason_says_so_and_changes_nothing(world, client_for):
    task = _done(world.task)
    response = client_for(world.users["partner_on"]).post(
        reverse("tasks:reopen", args=[task.pk]), {"reason": " "}
    )
    assert "Enter why you are reopening the task" in response.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert not Event.objects.filter(action="task.reopen").exists()


def test_no_reopening_once_the_plan_has_moved_to_assess(world):
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.ASSESS)
    task = _done(world.task)
    with pytest.raises(Refused):
        task_fix_services.task_reopen(actor=world.users["partner_on"], task=task, reason="Oops")
    assert Task.objects.get(pk=task.pk).state == TaskState.DONE


def test_a_task_not_done_cannot_be_reopened(world):
    with pytest.raises(Refused):
        task_fix_services.task_reopen(actor=world.users["partner_on"], task=world.task, reason="Oops")


def test_another_organisations_lead_and_the_owner_cannot_reopen(world):
    task = _done(world.other_org_task)  # BID's task
    with pytest.raises(Refused):
        task_fix_services.task_reopen(actor=world.users["partner_on"], task=task, reason="Oops")
    with pytest.raises(Refused):
        task_fix_services.task_reopen(actor=world.users["owner"], task=task, reason="Oops")


def test_the_plan_moving_on_between_the_check_and_the_lock_is_refused(world, monkeypatch):
    task = _done(world.task)
    monkeypatch.setattr("plans.task_fix_services.require", lambda *a, **k: None)
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.ASSESS)
    with pytest.raises(TaskStateError, match="only while the plan is in Respond"):
        task_fix_services.task_reopen(actor=world.users["partner_on"], task=task, reason="Oops")


def test_evidence_shows_who_uploaded_it_and_when(world, client_for, private_media):
    factories.make_attachment(world.task, world.users["partner_on"], name="rota.pdf")
    page = (
        client_for(world.users["owner"]).get(reverse("tasks:detail", args=[world.task.pk])).content.decode()
    )
    person = world.users["partner_on"]
    assert f"Uploaded by {person.get_full_name()}, Street Pastors on" in page


def test_a_lead_removes_their_organisations_file_and_the_history_keeps_its_name(
    world, client_for, private_media, django_capture_on_commit_callbacks
):
    attachment = factories.make_attachment(world.task, world.users["partner_on"], name="wrong-photo.pdf")
    stored = private_media / attachment.file.name
    assert stored.exists()
    browser = client_for(world.users["partner_on"])
    page = browser.get(reverse("tasks:detail", args=[world.task.pk])).content.decode()
    assert reverse("tasks:attachment_remove", args=[attachment.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            reverse("tasks:attachment_remove", args=[attachment.pk]), {"reason": "Wrong file"}
        )
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not stored.exists()
    event = Event.objects.filter(action="attachment.remove").get()
    assert event.actor == world.users["partner_on"]
    assert event.changes["file"] == ["wrong-photo.pdf", None]
    assert event.reason == "Wrong file"
    # Police still read the removal, by name and by who did it, on the plan's history.
    history = (
        client_for(world.users["owner"]).get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    )
    assert "Removed an attachment" in history
    assert "wrong-photo.pdf" in history.split("Removed an attachment", 1)[1]


def test_police_and_other_partners_cannot_remove_a_partners_file(world, client_for, private_media):
    attachment = factories.make_attachment(world.task, world.users["partner_on"])
    with pytest.raises(Refused):
        task_fix_services.attachment_remove(actor=world.users["owner"], attachment=attachment)
    theirs = factories.make_attachment(world.other_org_task, world.users["owner"])
    assert (
        client_for(world.users["partner_on"])
        .post(reverse("tasks:attachment_remove", args=[theirs.pk]))
        .status_code
        == 404
    )
    assert Attachment.objects.count() == 2


def test_a_finished_plans_evidence_stays(world, private_media):
    attachment = factories.make_attachment(world.task, world.users["partner_on"])
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.CLOSED)
    attachment = Attachment.objects.select_related("task__plan", "organisation").get(pk=attachment.pk)
    with pytest.raises(Refused):
        task_fix_services.attachment_remove(actor=world.users["partner_on"], attachment=attachment)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
