"""Writes to partners on a plan, tasks, evidence and comments.

Each service: permission check first (a refusal is logged outside the transaction, then
PermissionDenied), then one transaction holding the row lock, the change and exactly one
audit event. Emails go out only after the transaction commits, except the overdue digests:
a task is marked reminded in the transaction that sent its digest, so a digest that could
not be sent leaves its tasks to the next run.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django_fsm import TransitionNotAllowed
from guardian.shortcuts import assign_perm, remove_perm

from audit.services import diff, log_event, log_events, log_refused
from partners.models import Organisation
from partners.roles import is_police

from . import emails, submissions
from .attachments import check_upload
from .models import (
    UNFINISHED_TASK_STATES,
    Attachment,
    Comment,
    Plan,
    PlanPartner,
    Response,
    Task,
    TaskGroupObjectPermission,
    overdue_work,
)
from .task_selectors import (
    can_cancel_task,
    can_manage_plan_tasks,
    can_see_evidence,
    can_update_task,
    is_member,
)

logger = logging.getLogger(__name__)


class TaskEditConflict(Exception):
    """An edit based on an older version of the task: nothing was written.

    `typed`: the form's values, by field; the message names the saved ones that differ from them.
    """

    LABELS = {"title": "title", "description": "description", "due_date": "due date", "response": "response"}

    def __init__(self, task: Task, typed: dict | None = None):
        self.version = task.version  # the version now saved: the next save is based on it
        saved = {
            "title": task.title,
            "description": task.description,
            "due_date": task.due_date,
            "response": task.response,
        }
        self.changed = [
            name for name, value in (typed or {}).items() if name in saved and saved[name] != value
        ]
        differs = ""
        if self.changed:
            names = [self.LABELS[name] for name in self.changed]
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            differs = f" The saved {listed} {'differs' if len(names) == 1 else 'differ'} from what you typed."
            if "description" in self.changed:
                shown = Truncator(task.description).chars(300) or "(none)"
                differs += f" The saved description is: \u201c{shown}\u201d."
        super().__init__(
            f"Someone else changed this task while you were editing it (it is now "
            f"{task.get_state_display().lower()}, with {task.organisation}, titled \u201c{task.title}\u201d, due "
            f"{task.due_date:%-d %B %Y}).{differs} Nothing you typed was saved or lost: check it and save again."
        )


class TaskStateError(Exception):
    """The task (or its plan) is not in a state that allows this; the message says why."""


def _refuse(*, action: str, actor, target, plan, reason: str):
    log_refused(action=action, actor=actor, target=target, plan=plan, reason=reason)
    raise PermissionDenied(reason)


def _lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _lock_task(task: Task) -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    locked.plan = Plan.objects.get(pk=locked.plan_id)
    return locked


def _check_assignment(*, plan: Plan, organisation: Organisation, assignee, response: Response | None):
    errors = {}
    if not PlanPartner.objects.filter(plan=plan, organisation=organisation).exists():
        errors["organisation"] = f"{organisation.name} is not a partner on this plan: add it first"
    elif assignee is not None and not is_member(assignee, organisation):
        errors["assignee"] = f"{assignee.get_full_name() or assignee.username} is not in {organisation.name}"
    if response is not None and response.plan_id != plan.pk:
        errors["response"] = "Choose a response of this plan"
    if errors:
        raise ValidationError(errors)


# Partners on a plan -------------------------------------------------------------------


def plan_partner_add(*, actor, plan: Plan, organisation: Organisation) -> PlanPartner:
    """Put an organisation on the plan and grant its group view rights on it."""
    if not can_manage_plan_tasks(actor, plan):
        _refuse(
            action="plan.partner_add",
            actor=actor,
            target=plan,
            plan=plan,
            reason="Only the plan's owner or a manager may add a partner",
        )
    if organisation.is_police or not organisation.is_active:
        raise ValidationError({"organisation": "Choose an active partner organisation"})
    with transaction.atomic():
        plan = _lock_plan(plan)
        if PlanPartner.objects.filter(plan=plan, organisation=organisation).exists():
            raise ValidationError({"organisation": f"{organisation.name} is already on this plan"})
        link = PlanPartner.objects.create(plan=plan, organisation=organisation, added_by=actor)
        assign_perm("plans.view_plan", organisation.group, plan)
        log_event(
            action="plan.partner_add",
            actor=actor,
            target=plan,
            plan=plan,
            changes={
                "partners": [None, organisation.name],
                "permission": [
                    None,
                    f"plans.view_plan on {plan.reference} to group {organisation.group.name}",
                ],
            },
        )
    return link


def plan_partner_remove(*, actor, plan: Plan, organisation: Organisation) -> list[int]:
    """Take an organisation off the plan: revoke its rights, flag its unfinished tasks for reassignment.

    Returns the ids of the flagged tasks; no task is deleted.
    """
    if not can_manage_plan_tasks(actor, plan):
        _refuse(
            action="plan.partner_remove",
            actor=actor,
            target=plan,
            plan=plan,
            reason="Only the plan's owner or a manager may remove a partner",
        )
    with transaction.atomic():
        plan = _lock_plan(plan)
        link = PlanPartner.objects.filter(plan=plan, organisation=organisation).first()
        if link is None:
            raise ValidationError(f"{organisation.name} is not a partner on this plan")
        tasks = Task.objects.select_for_update().filter(plan=plan, organisation=organisation)
        task_ids = list(tasks.values_list("pk", flat=True))
        flagged = list(
            tasks.filter(state__in=UNFINISHED_TASK_STATES, needs_reassignment=False).values_list(
                "pk", flat=True
            )
        )
        Task.objects.filter(pk__in=flagged).update(needs_reassignment=True)
        grants = TaskGroupObjectPermission.objects.filter(
            content_object_id__in=task_ids, group=organisation.group, permission__codename="change_task"
        )
        revoked_tasks = sorted(grants.values_list("content_object_id", flat=True))
        grants.delete()
        remove_perm("plans.view_plan", organisation.group, plan)
        link.delete()
        log_event(
            action="plan.partner_remove",
            actor=actor,
            target=plan,
            plan=plan,
            changes={
                "partners": [organisation.name, None],
                "permission": [
                    f"plans.view_plan on {plan.reference} and plans.change_task on tasks {revoked_tasks} "
                    f"to group {organisation.group.name}",
                    None,
                ],
                "needs_reassignment": [[], flagged],
            },
        )
    return flagged


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
    if not can_manage_plan_tasks(actor, plan):
        _refuse(
            action="task.assign",
            actor=actor,
            target=plan,
            plan=plan,
            reason="Only the plan's owner or a manager may create a task",
        )
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the task's title"})
    with transaction.atomic():
        plan = _lock_plan(plan)
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
) -> Task:
    """Edit a task's title, description, due date or response (owner, co-owner or manager).

    With `version` (the edit form's), refused with TaskEditConflict when the task has changed
    since: its state, organisation or details saved by someone else meanwhile.
    """
    if not can_manage_plan_tasks(actor, task.plan):
        _refuse(
            action="task.update",
            actor=actor,
            target=task,
            plan=task.plan,
            reason="Only the plan's owner or a manager may edit a task",
        )
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the task's title"})
    if response is not None and response.plan_id != task.plan_id:
        raise ValidationError({"response": "Choose a response of this plan"})
    with transaction.atomic():
        task = _lock_task(task)
        if version is not None and task.version != version:
            typed = {"title": title, "description": description, "due_date": due_date, "response": response}
            raise TaskEditConflict(task, typed)
        fields = ["title", "description", "due_date", "response_id"]
        old = {name: getattr(task, name) for name in fields}
        task.title, task.description, task.due_date = title, description, due_date
        task.response = response
        changes = diff(task, old, fields)
        if changes:  # a save that changes nothing writes nothing, so it has no event
            task.version += 1
            task.save(update_fields=["title", "description", "due_date", "response", "version"])
            log_event(action="task.update", actor=actor, target=task, plan=task.plan, changes=changes)
    return task


def task_reassign(*, actor, task: Task, organisation: Organisation, assignee=None) -> Task:
    """Give the task to another organisation on the plan (or another member): the change right moves."""
    if not can_manage_plan_tasks(actor, task.plan):
        _refuse(
            action="task.reassign",
            actor=actor,
            target=task,
            plan=task.plan,
            reason="Only the plan's owner or a manager may reassign a task",
        )
    with transaction.atomic():
        task = _lock_task(task)
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


def _change_state(*, actor, task: Task, action: str, allowed, refusal: str, apply, extra=None, reason=""):
    if not allowed(actor, task):
        _refuse(action=action, actor=actor, target=task, plan=task.plan, reason=refusal)
    with transaction.atomic():
        task = _lock_task(task)
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
        allowed=can_update_task,
        refusal="Only the assigned organisation or the plan's owner may start this task",
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
        allowed=can_update_task,
        refusal="Only the assigned organisation or the plan's owner may block this task",
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
        allowed=can_update_task,
        refusal="Only the assigned organisation or the plan's owner may resume this task",
        apply=lambda t: t.resume(),
    )


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
    if not can_update_task(actor, task):
        raise TaskStateError("Your organisation no longer holds this task: the file was not added")
    return task.organisation_id


def _store_attachment(*, actor, task: Task, uploaded, checked) -> Attachment:
    attachment = Attachment(
        task=task,
        organisation_id=_evidence_organisation(actor, task),
        uploaded_by=actor,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # The stored name is random: the user's file name is kept only as original_name.
    extension = checked.name.rsplit(".", 1)[-1].lower()
    attachment.file.save(f"{checked.sha256[:16]}.{extension}", uploaded, save=False)
    try:
        attachment.save()
    except BaseException:
        # The caller never gets the attachment to clean up: its file goes here.
        _delete_stored(attachment)
        raise
    return attachment


def _checked_evidence(uploaded):
    """The upload's checked facts, or a ValidationError on the form's `evidence` field."""
    try:
        return check_upload(uploaded)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from exc


def _delete_stored(attachment: Attachment | None) -> None:
    if attachment is not None and attachment.file.name:
        attachment.file.storage.delete(attachment.file.name)


def task_complete(*, actor, task: Task, note: str, evidence=None) -> Task:
    """Open or in progress -> done, with a note and optional evidence (its upload is named in the event)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Enter what was done"})
    checked = _checked_evidence(evidence) if evidence is not None else None
    if not can_update_task(actor, task):
        _refuse(
            action="task.complete",
            actor=actor,
            target=task,
            plan=task.plan,
            reason="Only the assigned organisation or the plan's owner may complete this task",
        )
    stored = {}

    def apply(locked):
        locked.complete(note)
        if checked is not None:
            stored["attachment"] = _store_attachment(
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
            allowed=lambda *_: True,
            refusal="",
            apply=apply,
            extra=extra,
        )
    except BaseException:
        # The row rolled back; do not leave its file behind.
        _delete_stored(stored.get("attachment"))
        raise


def task_cancel(*, actor, task: Task, reason: str) -> Task:
    """Any unfinished state -> cancelled: the plan's owner only, with a reason."""
    reason = (reason or "").strip()
    if not can_cancel_task(actor, task):
        _refuse(
            action="task.cancel",
            actor=actor,
            target=task,
            plan=task.plan,
            reason="Only the plan's owner may cancel a task",
        )
    if not reason:
        raise ValidationError({"reason": "Enter why the task is cancelled"})
    return _change_state(
        actor=actor,
        task=task,
        action="task.cancel",
        allowed=can_cancel_task,
        refusal="Only the plan's owner may cancel a task",
        apply=lambda t: t.cancel(),
        reason=reason,
    )


# Evidence -----------------------------------------------------------------------------


def attachment_upload(*, actor, task: Task, uploaded, submission=None) -> Attachment:
    """Add an evidence file to a task (assigned organisation or plan owner); checked by content."""
    checked = _checked_evidence(uploaded)
    if not can_update_task(actor, task):
        _refuse(
            action="attachment.upload",
            actor=actor,
            target=task,
            plan=task.plan,
            reason="Only the assigned organisation or the plan's owner may add evidence",
        )
    attachment = None
    try:
        with transaction.atomic():
            task = _lock_task(task)
            if task.state == "cancelled":
                raise TaskStateError("This task is cancelled: evidence can no longer be added")
            if not task.plan.is_open:  # as every other change to it (and a disposal may be done)
                raise TaskStateError(
                    f"Plan {task.plan.reference} is {task.plan.get_state_display().lower()}: "
                    "its tasks can no longer change, and take no more evidence"
                )
            attachment = _store_attachment(actor=actor, task=task, uploaded=uploaded, checked=checked)
            submissions.claim(
                submission,
                actor=actor,
                plan=task.plan,
                action="attachment.upload",
                content={"task": task.pk, "sha256": checked.sha256, "name": checked.name},
            )
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
        _delete_stored(attachment)
        raise
    return attachment


def attachment_record_download(*, actor, attachment: Attachment):
    """Record that someone downloaded an evidence file (before its bytes are sent)."""
    task = attachment.task
    if not can_see_evidence(actor, attachment):
        _refuse(
            action="attachment.download",
            actor=actor,
            target=attachment,
            plan=task.plan,
            reason="Only police and the organisation the evidence belongs to may download it",
        )
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


# Consultations ------------------------------------------------------------------------
# A task's title, description, notes and evidence are the plan's content, so a page showing
# them is a consultation of the plan (PRODUCT.md, Audit trail): `plan.view`, as the plan's own
# page writes, so the plan's timeline and the audit search by plan or by action find it.


def task_record_view(*, actor, task: Task) -> None:
    """Record that this user consulted a task's page (the task, or a form about it): `plan.view`
    of the task's plan, naming the task as what was seen. The caller has checked they see it."""
    log_event(action="plan.view", actor=actor, target=task, plan=task.plan)


def tasks_record_list_view(*, actor, tasks) -> list:
    """Record that this user consulted a list of tasks ("Our tasks"): one `plan.view` per plan
    the list shows tasks of, naming the plan and which of its tasks were shown.

    One event per plan rather than one per page, so a plan's timeline and the search by plan
    find every consultation of it; and per plan rather than per task, so a page of 25 tasks
    writes at most 25 events (usually a few). Written in one statement (audit.services.log_events):
    the page's query count does not grow with the number of plans on it.
    """
    by_plan: dict[int, tuple[Plan, list[int]]] = {}
    for task in tasks:
        by_plan.setdefault(task.plan_id, (task.plan, []))[1].append(task.pk)
    return log_events(
        {
            "action": "plan.view",
            "actor": actor,
            "target": plan,
            "plan": plan,
            "changes": {"tasks": [None, ids]},
        }
        for plan, ids in by_plan.values()
    )


# Comments -----------------------------------------------------------------------------


def comment_add(*, actor, plan: Plan, body: str, police_only: bool = False, submission=None) -> Comment:
    """Comment on a plan: police may post police-only or shared; a partner on the plan, shared only."""
    police = is_police(actor)
    on_plan = (
        getattr(actor, "is_authenticated", False)
        and PlanPartner.objects.filter(plan=plan, organisation__group__in=actor.groups.all()).exists()
    )
    if not (police or on_plan) or (police_only and not police):
        _refuse(
            action="comment.add",
            actor=actor,
            target=plan,
            plan=plan,
            reason="Only police may post police-only comments"
            if police_only and on_plan
            else "Only police and the plan's partners may comment",
        )
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Enter your comment"})
    if len(body) > 5000:
        raise ValidationError({"body": "The comment must be 5000 characters or fewer"})
    with transaction.atomic():
        plan = _lock_plan(plan)
        if plan.personal_data_disposed and not plan.is_open:
            # What was written about people has been disposed of; a comment now would be kept
            # with no review left to remove it. (A plan reopened takes comments again.)
            raise ValidationError(
                f"Plan {plan.reference}'s personal data has been disposed of: it takes no new comments"
            )
        comment = Comment.objects.create(plan=plan, author=actor, body=body, police_only=police_only)
        submissions.claim(
            submission,
            actor=actor,
            plan=plan,
            action="comment.add",
            content={"plan": plan.pk, "body": body, "police_only": police_only},
        )
        log_event(
            action="comment.add",
            actor=actor,
            target=comment,
            plan=plan,
            changes={"body": [None, body], "police_only": [None, police_only]},
            police_only=police_only,
            # A police-only comment may name people; a shared one is written for partners to read.
            personal=("body",) if police_only else (),
        )
    return comment


# Reminders ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderFailure:
    """An organisation whose digest was not sent: its tasks stay unreminded for the next run."""

    organisation_id: int
    organisation: str  # its name
    task_ids: list[int]
    reason: str  # names no recipient


@dataclass
class RemindersResult:
    sent: dict[int, list[int]] = field(default_factory=dict)  # organisation id -> task ids reminded
    failed: list[ReminderFailure] = field(default_factory=list)


def _overdue(today: datetime.date):
    # A task awaiting reassignment has no organisation to remind.
    return Task.objects.filter(overdue_work(today), needs_reassignment=False).exclude(
        last_reminded_on__gte=today
    )


def _remind_organisation(*, actor, organisation: Organisation, today: datetime.date) -> list[int]:
    """Send one organisation its digest and, once it has gone, mark its tasks reminded today.

    The organisation's overdue tasks stay locked while the digest is sent, so a second run at the
    same time waits and then finds them reminded. The audit event is written after the send: it locks the chain
    head, which must not wait on a mail server. If the send raises, nothing is written.
    """
    with transaction.atomic():
        ids = list(
            _overdue(today)
            .select_for_update(of=("self",))  # the tasks only, not their plans (joined to filter)
            .filter(organisation=organisation)
            .order_by("due_date", "pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return []
        emails.send_overdue_digest(organisation.pk, ids)
        Task.objects.filter(pk__in=ids).update(last_reminded_on=today)
        log_event(
            action="task.reminders_sent",
            actor=actor,
            changes={
                "last_reminded_on": [None, today.isoformat()],
                "tasks": [None, ids],
                "organisations": [None, [organisation.name]],
            },
        )
    return ids


def task_reminders_send(*, actor=None, today: datetime.date | None = None) -> RemindersResult:
    """Email each organisation's leads one digest of its overdue tasks; mark them reminded once it has gone.

    At most once a day per task: a second run the same day finds nothing and writes nothing.
    Each organisation on its own, in its own transaction with one `task.reminders_sent` event:
    a digest that cannot be sent (the mail server, or no lead with an email address) marks
    nothing, is returned in `failed`, and does not stop the others; the next run retries it.
    """
    today = today or timezone.localdate()
    org_ids = set(_overdue(today).values_list("organisation_id", flat=True))
    result = RemindersResult()
    for organisation in Organisation.objects.filter(pk__in=org_ids).order_by("name", "pk"):
        try:
            ids = _remind_organisation(actor=actor, organisation=organisation, today=today)
        except emails.NoRecipients:
            reason = "no partner lead with an email address"
        except OSError as exc:  # smtplib.SMTPException, a refused connection, a timeout
            reason = emails.describe_failure(exc)
        except Exception as exc:  # not the mail server: a fault to look into, but not the others' concern
            logger.exception("Could not send the overdue digest of organisation %s", organisation.pk)
            reason = emails.describe_failure(exc)
        else:
            if ids:
                result.sent[organisation.pk] = ids
            continue
        pending = list(
            _overdue(today)
            .filter(organisation=organisation)
            .order_by("due_date", "pk")
            .values_list("pk", flat=True)
        )
        result.failed.append(ReminderFailure(organisation.pk, organisation.name, pending, reason))
    return result
