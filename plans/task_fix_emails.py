"""The email that tells a plan's owner a partner reopened a task (plans.task_fix_services)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

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
    recipients = owner_addresses(task.plan)
    if not recipients:
        return 0
    body = render_to_string(
        "plans/email/task_reopened.txt",
        {
            "task": task,
            "actor": actor,
            "reason": reason,
            "url": settings.SITE_URL.rstrip("/") + reverse("tasks:detail", args=[task.pk]),
        },
    )
    return send_mail(
        subject=f"Task reopened on {task.plan.reference}: {task.title}"[:150],
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
