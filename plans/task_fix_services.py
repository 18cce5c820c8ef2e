"""Partners correcting themselves: a lead reopens a task their organisation marked done by
mistake (the plan's owner is told), and removes evidence their organisation uploaded (the file
goes; the event keeps its name and who removed it). Rules: plans.task_permissions.
"""

import logging

from django.db import transaction
from django_fsm import TransitionNotAllowed

from audit.services import log_event
from partners.permissions import require

from .models import Attachment, Stage, Task
from .service_support import TaskStateError, lock_task
from .task_fix_emails import send_task_reopened

logger = logging.getLogger(__name__)


def _notify_owner(task_id: int, actor_id: int, reason: str) -> None:
    """After the commit: one email to the plan's owner and co-owners. The reopening stands
    whatever happens here."""
    try:
        send_task_reopened(task_id, actor_id, reason)
    except Exception:
        logger.exception("Could not email the plan's owner about reopened task %s", task_id)


def task_reopen(*, actor, task: Task, reason: str) -> Task:
    """Done -> in progress, by a lead of the task's organisation while the plan is in Respond,
    with a reason; the plan's owner is emailed."""
    require(actor, "plans.reopen_task", task, action="task.reopen", plan=task.plan)
    reason = (reason or "").strip()
    if not reason:
        raise TaskStateError("Enter why the task is being reopened")
    with transaction.atomic():
        task = lock_task(task)
        if task.plan.state != Stage.RESPOND:
            raise TaskStateError(
                f"Plan {task.plan.reference} is in {task.plan.get_state_display()}: "
                "a task is reopened only while the plan is in Respond"
            )
        old_state, old_note = task.state, task.completion_note
        try:
            task.reopen()
        except TransitionNotAllowed as exc:
            raise TaskStateError(
                f"This task is {task.get_state_display().lower()} now, not done: there is nothing to reopen"
            ) from exc
        task.version += 1
        task.save()
        log_event(
            action="task.reopen",
            actor=actor,
            target=task,
            plan=task.plan,
            changes={"state": [old_state, task.state], "completion_note": [old_note, ""]},
            reason=reason,
        )
        transaction.on_commit(lambda: _notify_owner(task.pk, actor.pk, reason))
    return task


def attachment_remove(*, actor, attachment: Attachment, reason: str = "") -> None:
    """A lead removes an evidence file their organisation uploaded: the row and the stored file
    go (the file once the removal commits); the event keeps its name, size and fingerprint."""
    task = attachment.task
    require(actor, "plans.remove_evidence", attachment, action="attachment.remove", plan=task.plan)
    with transaction.atomic():
        task = lock_task(task)
        if not task.plan.is_open:
            raise TaskStateError(
                f"Plan {task.plan.reference} is {task.plan.get_state_display().lower()}: its evidence stays"
            )
        locked = Attachment.objects.select_for_update().filter(pk=attachment.pk).first()
        if locked is None:
            raise TaskStateError("This file was removed already")
        log_event(
            action="attachment.remove",
            actor=actor,
            target=locked,
            plan=task.plan,
            changes={
                "file": [locked.original_name, None],
                "size": [locked.size, None],
                "sha256": [locked.sha256, None],
                "task": [task.pk, None],
            },
            reason=(reason or "").strip(),
        )
        storage, name = locked.file.storage, locked.file.name
        locked.delete()
        transaction.on_commit(lambda: storage.delete(name))
