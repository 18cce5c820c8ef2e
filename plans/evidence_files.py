"""Evidence files in storage, for the services that add them (plans.evidence_services and
task_complete in plans.task_services): the organisation a file belongs to, storing it under a
random name (staged until its row commits, plans.storage), and deleting a stored file whose
row rolled back."""

from django.core.exceptions import ValidationError
from django.db import transaction

from partners.permissions import may

from .attachments import check_upload
from .models import Attachment, Task
from .service_support import TaskStateError
from .storage import new_evidence_name


def _evidence_organisation(actor, task: Task) -> int:
    """The organisation a file added now belongs to (its id), for good; `task` is locked.

    A partner's file is its own organisation's: the one whose grant on the task let it add
    evidence, which assignment gives only to the task's organisation. That is checked again
    under the lock, as the permission was checked before it: a task reassigned in between
    must not take the partner's file to the organisation it went to.

    A file police add (the plan's owner or a co-owner, who are officers) goes to the
    organisation the task is assigned to at the time: it records that organisation's work,
    which it should read as it always has (police read every file anyway). Reassigned later,
    the file stays with it: the next organisation gets the task, not the evidence before it.
    """
    if not may(actor, "plans.update_task", task):
        raise TaskStateError("Your organisation no longer holds this task: the file was not added")
    return task.organisation_id


def store_attachment(*, actor, task: Task, uploaded, checked) -> Attachment:
    attachment = Attachment(
        task=task,
        organisation_id=_evidence_organisation(actor, task),
        uploaded_by=actor,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # The stored name is random: the user's file name is kept only as original_name. The file
    # is written under a staging name and becomes permanent when the row commits
    # (plans.storage): the caller removes it if anything fails before.
    extension = checked.name.rsplit(".", 1)[-1].lower()
    storage = attachment.file.storage
    final = new_evidence_name(checked.sha256, extension)
    attachment.file.name = final
    try:
        storage.stage(final, uploaded)
        attachment.save()
    except BaseException:
        # The caller never gets the attachment to clean up: its file goes here.
        delete_stored(attachment)
        raise
    transaction.on_commit(lambda: storage.promote(final))
    return attachment


def checked_evidence(uploaded):
    """The upload's checked facts, or a ValidationError on the form's `evidence` field."""
    try:
        return check_upload(uploaded)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from exc


def delete_stored(attachment: Attachment | None) -> None:
    if attachment is not None and attachment.file.name:
        attachment.file.storage.delete(attachment.file.name)
