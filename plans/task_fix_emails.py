"""The email that tells a plan's owner a partner reopened a task (plans.task_fix_services)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from . import emails
from .models import Task


def owner_addresses(plan) -> list[str]:
    """Email addresses of the plan's owner and co-owners who are still active."""
    people = [plan.owner, *plan.co_owners.all()]
    return sorted({person.email for person in people if person.is_active and person.email})


def send_task_reopened(task_id: int, actor_id: int, reason: str) -> int:
    """One message to the plan's owner and co-owners: a partner lead reopened a task (after commit)."""
    task = Task.objects.select_related("plan__owner", "organisation").filter(pk=task_id).first()
    actor = get_user_model().objects.filter(pk=actor_id).first()
    if task is None or actor is None:
        return 0
    return emails.send(
        recipients=owner_addresses(task.plan),
        subject=f"Task reopened on {task.plan.reference}: {task.title}",
        template="plans/email/task_reopened.txt",
        context={"task": task, "actor": actor, "reason": reason},
        link=reverse("tasks:detail", args=[task.pk]),
    )
