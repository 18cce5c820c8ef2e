"""Audit cases for the services of partners on a plan, tasks, evidence, comments, consultations of
tasks and reminders (plans/*_services.py but plans/services.py): each writes exactly one event."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plans import (
    comment_services,
    consultation_services,
    evidence_services,
    partner_services,
    reminder_services,
    task_services,
)
from plans.models import Task
from tests import factories


def _next_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def plan_partner_add(w):
    wardens = w.other_plan_task.organisation
    partner_services.plan_partner_add(actor=w.users["owner"], plan=w.plan, organisation=wardens)
    return {"action": "plan.partner_add", "actor": w.users["owner"], "target": w.plan}


def plan_partner_remove(w):
    partner_services.plan_partner_remove(
        actor=w.users["manager"], plan=w.plan, organisation=w.task.organisation
    )
    return {"action": "plan.partner_remove", "actor": w.users["manager"], "target": w.plan}


def task_create(w):
    task = task_services.task_create(
        actor=w.users["owner"],
        plan=w.plan,
        title="Check the CCTV covers the rank",
        organisation=w.task.organisation,
        due_date=_next_week(),
    )
    return {"action": "task.assign", "actor": w.users["owner"], "target": task}


def task_update(w):
    task_services.task_update(
        actor=w.users["manager"],
        task=w.task,
        title="Staff the rank until 04:00",
        description="",
        due_date=_next_week(),
    )
    return {"action": "task.update", "actor": w.users["manager"], "target": w.task}


def task_reassign(w):
    task_services.task_reassign(
        actor=w.users["owner"], task=w.task, organisation=w.other_org_task.organisation
    )
    return {"action": "task.reassign", "actor": w.users["owner"], "target": w.task}


def task_start(w):
    task_services.task_start(actor=w.users["partner_on"], task=w.task)
    return {"action": "task.start", "actor": w.users["partner_on"], "target": w.task}


def task_block(w):
    task_services.task_block(actor=w.users["partner_on"], task=w.task, reason="Volunteers ill")
    return {"action": "task.block", "actor": w.users["partner_on"], "target": w.task}


def task_resume(w):
    Task.objects.filter(pk=w.task.pk).update(state="blocked", blocked_reason="Volunteers ill")
    task_services.task_resume(actor=w.users["partner_on"], task=Task.objects.get(pk=w.task.pk))
    return {"action": "task.resume", "actor": w.users["partner_on"], "target": w.task}


def task_complete(w):
    evidence = SimpleUploadedFile("log.pdf", factories.PDF_BYTES)
    task_services.task_complete(
        actor=w.users["partner_on"], task=w.task, note="Staffed every weekend", evidence=evidence
    )
    return {"action": "task.complete", "actor": w.users["partner_on"], "target": w.task}


def task_cancel(w):
    task_services.task_cancel(actor=w.users["owner"], task=w.task, reason="No longer needed")
    return {"action": "task.cancel", "actor": w.users["owner"], "target": w.task}


def attachment_upload(w):
    attachment = evidence_services.attachment_upload(
        actor=w.users["partner_on"], task=w.task, uploaded=SimpleUploadedFile("log.pdf", factories.PDF_BYTES)
    )
    return {"action": "attachment.upload", "actor": w.users["partner_on"], "target": attachment}


def attachment_record_download(w):
    attachment = factories.make_attachment(w.task, w.users["partner_on"])
    evidence_services.attachment_record_download(actor=w.users["manager"], attachment=attachment)
    return {"action": "attachment.download", "actor": w.users["manager"], "target": attachment}


def comment_add(w):
    comment = comment_services.comment_add(
        actor=w.users["partner_on"], plan=w.plan, body="Rank quieter", police_only=False
    )
    return {"action": "comment.add", "actor": w.users["partner_on"], "target": comment}


def task_reminders_send(w):
    Task.objects.filter(pk=w.task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=3))
    reminder_services.task_reminders_send(actor=None)
    return {"action": "task.reminders_sent", "actor": None, "target": None}


def task_record_view(w):
    consultation_services.task_record_view(actor=w.users["partner_on"], task=w.task)
    return {"action": "task.view", "actor": w.users["partner_on"], "target": w.task}


def tasks_record_list_view(w):
    # Three tasks on two plans: one consultation per plan, each naming its plan.
    consultation_services.tasks_record_list_view(
        actor=w.users["manager"], tasks=[w.task, w.other_org_task, w.other_plan_task]
    )
    return {"action": "tasks.list_view", "actor": w.users["manager"], "target": w.other_plan, "count": 2}


CASES = {
    f"plans.{module}.{fn.__name__}": fn
    for module, functions in {
        "partner_services": (plan_partner_add, plan_partner_remove),
        "task_services": (
            task_create,
            task_update,
            task_reassign,
            task_start,
            task_block,
            task_resume,
            task_complete,
            task_cancel,
        ),
        "evidence_services": (attachment_upload, attachment_record_download),
        "comment_services": (comment_add,),
        "reminder_services": (task_reminders_send,),
        "consultation_services": (task_record_view, tasks_record_list_view),
    }.items()
    for fn in functions
}
