"""Writes to tasks: creating, editing and reassigning them, and their state transitions.

Emails about an assignment go out only after the transaction commits. Evidence added with a
completion is stored with plans.evidence_files in the same transaction.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django_fsm import TransitionNotAllowed
from guardian.shortcuts import assign_perm

from audit.edits import EditBase, EditConflict, record_edit
from audit.models import Event
from audit.services import log_event
from partners.models import Organisation
from partners.permissions import require

from . import emails, submissions
from .evidence_files import checked_evidence, delete_stored, store_attachment
from .models import Plan, PlanPartner, Response, Task, TaskGroupObjectPermission
from .service_support import TaskStateError, lock_plan, lock_task
from .task_selectors import is_member

logger = logging.getLogger(__name__)

TASK_EDIT_FIELDS = ["title", "description", "due_date", "response"]


class TaskEditConflict(EditConflict):
    """An edit based on an older version of the task: nothing was written.

    `typed`: the form's values, by field; the message names the saved ones that differ from them.
    """

    LABELS = {"title": "title", "description": "description", "due_date": "due date", "response": "response"}

    def __init__(self, task: Task, typed: dict | None = None, conflict: EditConflict | None = None):
        saved = {
            "title": task.title,
            "description": task.description,
            "due_date": task.due_date,
            "response": task.response,
        }
        differing = [name for name, value in (typed or {}).items() if name in saved and saved[name] != value]
        differs = ""
        if differing:
            names = [self.LABELS[name] for name in differing]
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            differs = f" The saved {listed} {'differs' if len(names) == 1 else 'differ'} from what you typed."
            if "description" in differing:
                shown = Truncator(task.description).chars(300) or "(none)"
                differs += f" The saved description is: \u201c{shown}\u201d."
        super().__init__(
            current=conflict.current if conflict else saved,
            changed=conflict.changed if conflict else differing,
            version=task.version,  # the version now saved: the next save is based on it
            noun="task",
            mine=conflict.mine if conflict else (),
            contested=conflict.contested if conflict else (),
            message=(
                f"Someone else changed this task while you were editing it (it is now "
                f"{task.get_state_display().lower()}, with {task.organisation}, titled \u201c{task.title}\u201d, "
                f"due {task.due_date:%-d %B %Y}).{differs} Nothing you typed was saved or lost: check it and save "
                f"again."
            ),
        )
        self.differing = differing  # the saved details that differ from what was typed


def _check_assignment(*, plan: Plan, organisation: Organisation, assignee, response: Response | None):
    errors = {}
    if organisation.is_police_team:
        # A police team takes a task on any plan without being put on it: its members are
        # officers, who see every plan already (plans.task_selectors.organisations_assignable).
        if not organisation.is_active:
            errors["organisation"] = f"{organisation.name} is no longer active: choose another team"
    elif not PlanPartner.objects.filter(plan=plan, organisation=organisation).exists():
        errors["organisation"] = f"{organisation.name} is not a partner on this plan: add it first"
    if "organisation" not in errors and assignee is not None and not is_member(assignee, organisation):
        errors["assignee"] = f"{assignee.get_full_name() or assignee.username} is not in {organisation.name}"
    if response is not None and response.plan_id != plan.pk:
        errors["response"] = "Choose a response of this plan"
    if errors:
        raise ValidationError(errors)


# Tasks: creating, editing, reassigning ------------------------------------------------


def task_create(
    *,
    actor,
    plan: Plan,
    title: str,
    description: str = "",
    organisation: Organisation,
    assignee=None,
    due_date: datetime.date,
    response: Response | None = None,
    submission=None,
) -> Task:
    """Assign a new task to an organisation on the plan; its group gets change rights on this task only."""
    require(actor, "plans.manage_tasks", plan, action="task.assign", target=plan, plan=plan)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the task's title"})
    with transaction.atomic():
        plan = lock_plan(plan)
        submissions.claim(
            submission,
            actor=actor,
            plan=plan,
            action="task.assign",
            content={
                "plan": plan.pk,
                "title": title,
                "description": description,
                "organisation": organisation,
                "assignee": assignee,
                "due_date": due_date,
                "response": response,
            },
        )
        _check_assignment(plan=plan, organisation=organisation, assignee=assignee, response=response)
        task = Task.objects.create(
            plan=plan,
            response=response,
            title=title,
            description=description,
            organisation=organisation,
            assignee=assignee,
            due_date=due_date,
        )
        assign_perm("plans.change_task", organisation.group, task)
        log_event(
            action="task.assign",
            actor=actor,
            target=task,
            plan=plan,
            changes={
                "title": [None, title],
                "organisation": [None, organisation.name],
                "assignee": [None, assignee.get_username() if assignee else None],
                "due_date": [None, due_date.isoformat()],
                "response": [None, str(response) if response else None],
                "permission": [None, f"plans.change_task to group {organisation.group.name}"],
            },
        )
        transaction.on_commit(lambda: _notify_assigned(task))
    return task


def _notify_assigned(task: Task) -> None:
    """After the commit: email the assigned organisation's leads about the task.

    The task is saved whatever happens here, so a failure to send is logged (by task id: the
    error's text may quote addresses), never raised into the request. The outcome is left on
    `task.notification` for the page to tell the user: "sent", "no recipients" or "failed"
    (absent while the caller's transaction is still open).
    """
    try:
        sent = emails.send_task_assigned(task.pk)
    except OSError as exc:  # smtplib.SMTPException, a refused connection, a timeout
        logger.warning("Could not email the leads about task %s: %s", task.pk, emails.describe_failure(exc))
        task.notification = "failed"
    except Exception:
        logger.exception("Could not email the leads about task %s", task.pk)
        task.notification = "failed"
    else:
        task.notification = "sent" if sent else "no recipients"


def task_update(
    *,
    actor,
    task: Task,
    title: str,
    description: str,
    due_date: datetime.date,
    response: Response | None = None,
    version: int | None = None,
    base: EditBase | None = None,
) -> Task:
    """Edit a task's title, description, due date or response (owner, co-owner or manager).

    With `version` (the edit form's), refused with TaskEditConflict when the task has changed
    since: its state, organisation or details saved by someone else meanwhile. With the `base`
    the user saw, only the fields they changed are written.
    """
    require(actor, "plans.manage_tasks", task.plan, action="task.update", target=task, plan=task.plan)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the task's title"})
    if response is not None and response.plan_id != task.plan_id:
        raise ValidationError({"response": "Choose a response of this plan"})
    with transaction.atomic():
        task = lock_task(task)
        typed = {"title": title, "description": description, "due_date": due_date, "response": response}
        try:
            changes = record_edit(
                task,
                fields=TASK_EDIT_FIELDS,
                values=typed,
                version=version,
                base=base,
                events=Event.objects.filter(
                    action="task.update", target_type="plans.task", target_id=str(task.pk)
                ),
                noun="task",
                audit=lambda name, value: value.pk if name == "response" and value is not None else value,
            )
        except EditConflict as exc:
            raise TaskEditConflict(task, typed, exc) from None
        if "response" in changes:  # recorded as before, by the response's id
            changes["response_id"] = changes.pop("response")
        if changes:  # a save that changes nothing writes nothing, so it has no event
            changes.pop("version")
            task.save(update_fields=["title", "description", "due_date", "response", "version"])
            log_event(action="task.update", actor=actor, target=task, plan=task.plan, changes=changes)
    return task


def task_reassign(*, actor, task: Task, organisation: Organisation, assignee=None) -> Task:
    """Give the task to another organisation on the plan (or another member): the change right moves."""
    require(actor, "plans.manage_tasks", task.plan, action="task.reassign", target=task, plan=task.plan)
    with transaction.atomic():
        task = lock_task(task)
        if task.is_finished:
            raise TaskStateError(f"This task is {task.get_state_display().lower()}: it cannot be reassigned")
        _check_assignment(plan=task.plan, organisation=organisation, assignee=assignee, response=None)
        old_org = Organisation.objects.get(pk=task.organisation_id)
        old_assignee = task.assignee.get_username() if task.assignee_id else None
        TaskGroupObjectPermission.objects.filter(
            content_object_id=task.pk, permission__codename="change_task"
        ).delete()
        assign_perm("plans.change_task", organisation.group, task)
        moved = old_org.pk != organisation.pk
        task.organisation, task.assignee, task.needs_reassignment = organisation, assignee, False
        task.version += 1
        task.save(update_fields=["organisation", "assignee", "needs_reassignment", "version"])
        log_event(
            action="task.reassign",
            actor=actor,
            target=task,
            plan=task.plan,
            changes={
                "organisation": [old_org.name, organisation.name],
                "assignee": [old_assignee, assignee.get_username() if assignee else None],
                "permission": [
                    f"plans.change_task to group {old_org.group.name}",
                    f"plans.change_task to group {organisation.group.name}",
                ],
            },
        )
        if moved:
            transaction.on_commit(lambda: _notify_assigned(task))
    return task


# Tasks: state transitions -------------------------------------------------------------


_STATE_VERBS = {
    "task.start": "started",
    "task.block": "marked blocked",
    "task.resume": "resumed",
    "task.complete": "completed",
    "task.cancel": "cancelled",
}


def _change_state(*, actor, task: Task, action: str, permission: str | None, apply, extra=None, reason=""):
    if permission is not None:
        require(actor, permission, task, action=action, plan=task.plan)
    with transaction.atomic():
        task = lock_task(task)
        if not task.plan.is_open:
            raise TaskStateError(
                f"Plan {task.plan.reference} is {task.plan.get_state_display().lower()}: its tasks can no longer change"
            )
        old_state = task.state
        try:
            apply(task)
        except TransitionNotAllowed as exc:
            raise TaskStateError(
                f"This task is {task.get_state_display().lower()} now, so it cannot be {_STATE_VERBS[action]}"
            ) from exc
        task.version += 1
        task.save()
        changes = {"state": [old_state, task.state]}
        changes.update(extra(task) if extra else {})
        log_event(action=action, actor=actor, target=task, plan=task.plan, changes=changes, reason=reason)
    return task


def task_start(*, actor, task: Task) -> Task:
    """Open -> in progress: the assigned organisation, or the plan's owner or co-owner."""
    return _change_state(
        actor=actor,
        task=task,
        action="task.start",
        permission="plans.update_task",
        apply=lambda t: t.start(),
    )


def task_block(*, actor, task: Task, reason: str) -> Task:
    """Open or in progress -> blocked, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the task is blocked"})
    return _change_state(
        actor=actor,
        task=task,
        action="task.block",
        permission="plans.update_task",
        apply=lambda t: t.block(reason),
        extra=lambda t: {"blocked_reason": ["", reason]},
        reason=reason,
    )


def task_resume(*, actor, task: Task) -> Task:
    """Blocked -> in progress."""
    return _change_state(
        actor=actor,
        task=task,
        action="task.resume",
        permission="plans.update_task",
        apply=lambda t: t.resume(),
    )


def task_complete(*, actor, task: Task, note: str, evidence=None) -> Task:
    """Open or in progress -> done, with a note and optional evidence (its upload is named in the event)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Enter what was done"})
    checked = checked_evidence(evidence) if evidence is not None else None
    require(actor, "plans.update_task", task, action="task.complete", plan=task.plan)
    stored = {}

    def apply(locked):
        locked.complete(note)
        if checked is not None:
            stored["attachment"] = store_attachment(
                actor=actor, task=locked, uploaded=evidence, checked=checked
            )

    def extra(locked):
        changes = {"completion_note": ["", note]}
        if "attachment" in stored:
            changes["evidence"] = [None, f"{checked.name} ({checked.size} bytes, sha256 {checked.sha256})"]
        return changes

    try:
        return _change_state(
            actor=actor,
            task=task,
            action="task.complete",
            permission=None,  # checked above, before the evidence was read
            apply=apply,
            extra=extra,
        )
    except BaseException:
        # The row rolled back; do not leave its file behind.
        delete_stored(stored.get("attachment"))
        raise


def task_cancel(*, actor, task: Task, reason: str) -> Task:
    """Any unfinished state -> cancelled: the plan's owner only, with a reason."""
    reason = (reason or "").strip()
    require(actor, "plans.cancel_task", task, action="task.cancel", plan=task.plan)
    if not reason:
        raise ValidationError({"reason": "Enter why the task is cancelled"})
    return _change_state(
        actor=actor,
        task=task,
        action="task.cancel",
        permission="plans.cancel_task",
        apply=lambda t: t.cancel(),
        reason=reason,
    )
