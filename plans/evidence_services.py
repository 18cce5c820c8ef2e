"""Writes about evidence files: adding one to a task, recording a download.

The file is checked by its content before anything is written; a file whose row rolls back is
deleted from storage (plans.evidence_files).
"""

from django.db import transaction

from audit.services import log_event
from partners.permissions import require

from . import submissions
from .evidence_files import checked_evidence, delete_stored, store_attachment
from .models import Attachment, Task, TaskState
from .service_support import TaskStateError, lock_task


def attachment_upload(*, actor, task: Task, uploaded, submission=None) -> Attachment:
    """Add an evidence file to a task (assigned organisation or plan owner); checked by content."""
    checked = checked_evidence(uploaded)
    require(actor, "plans.update_task", task, action="attachment.upload", plan=task.plan)
    attachment = None
    try:
        with transaction.atomic():
            task = lock_task(task)
            submissions.claim(
                submission,
                actor=actor,
                plan=task.plan,
                action="attachment.upload",
                content={"task": task.pk, "sha256": checked.sha256, "name": checked.name},
            )
            if task.state == TaskState.CANCELLED:
                raise TaskStateError("This task is cancelled: evidence can no longer be added")
            if not task.plan.is_open:  # as every other change to it (and a disposal may be done)
                raise TaskStateError(
                    f"Plan {task.plan.reference} is {task.plan.get_state_display().lower()}: "
                    "its tasks can no longer change, and take no more evidence"
                )
            attachment = store_attachment(actor=actor, task=task, uploaded=uploaded, checked=checked)
            log_event(
                action="attachment.upload",
                actor=actor,
                target=attachment,
                plan=task.plan,
                changes={
                    "file": [None, checked.name],
                    "size": [None, checked.size],
                    "sha256": [None, checked.sha256],
                    "task": [None, task.pk],
                },
            )
    except BaseException:
        delete_stored(attachment)
        raise
    return attachment


def attachment_record_download(*, actor, attachment: Attachment):
    """Record that someone downloaded an evidence file (before its bytes are sent)."""
    task = attachment.task
    require(actor, "plans.read_evidence", attachment, action="attachment.download", plan=task.plan)
    with transaction.atomic():
        Attachment.objects.select_for_update().get(pk=attachment.pk)
        return log_event(
            action="attachment.download",
            actor=actor,
            target=attachment,
            plan=task.plan,
            # A consultation, not a change: the target names the file.
            changes={},
        )
