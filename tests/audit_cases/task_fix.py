"""Audit cases for partners correcting themselves (plans/task_fix_services.py)."""

from plans import task_fix_services
from plans.models import Task
from tests import factories


def task_reopen(w):
    Task.objects.filter(pk=w.task.pk).update(state="done", completion_note="Staffed every weekend")
    task = Task.objects.get(pk=w.task.pk)
    task_fix_services.task_reopen(actor=w.users["partner_on"], task=task, reason="Marked done by mistake")
    return {"action": "task.reopen", "actor": w.users["partner_on"], "target": task}


def attachment_remove(w):
    attachment = factories.make_attachment(w.task, w.users["partner_on"])
    task_fix_services.attachment_remove(actor=w.users["partner_on"], attachment=attachment)
    return {"action": "attachment.remove", "actor": w.users["partner_on"], "target": attachment}


CASES = {
    "plans.task_fix_services.task_reopen": task_reopen,
    "plans.task_fix_services.attachment_remove": attachment_remove,
}
