"""Partners correcting themselves, in a real browser, each page checked with axe: reopening a task
marked done by mistake, and removing a file their organisation uploaded."""

import pytest

from plans.models import Attachment, Task, TaskState
from tests import factories
from tests.browser.test_stage_check_pages import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_lead_reopens_a_done_task(width, world, page_as, visit, private_media):
    Task.objects.filter(pk=world.task.pk).update(
        state=TaskState.DONE, completion_note="Staffed every weekend"
    )
    factories.make_attachment(
        world.task, world.users["partner_on"], name="weekend-rota-photos-of-the-clock-tower-rank.pdf"
    )
    page = page_as(world.users["partner_on"])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/tasks/{world.task.pk}/")
    assert "Uploaded by" in page.content()
    shot(page, "task-done")
    page.click("text=Reopen the task")
    page.click("button:has-text('Reopen the task')")
    assert "Enter why you are reopening the task" in page.content()
    page.fill("#id_reason", "Only half the rota was staffed")
    shot(page, "task-reopen")
    page.click("button:has-text('Reopen the task')")
    assert "is in progress again" in page.content()
    assert Task.objects.get(pk=world.task.pk).state == TaskState.IN_PROGRESS


@pytest.mark.parametrize("width", [1280, 320])
def test_a_lead_removes_their_file(width, world, page_as, visit, private_media):
    attachment = factories.make_attachment(world.task, world.users["partner_on"], name="wrong-photo.pdf")
    page = page_as(world.users["partner_on"])
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, f"/attachments/{attachment.pk}/remove/")
    shot(page, "evidence-remove")
    page.click("button:has-text('Remove the file')")
    assert "wrong-photo.pdf has been removed" in page.content()
    assert not Attachment.objects.exists()
