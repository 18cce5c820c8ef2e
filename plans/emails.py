"""Emails to partner leads: a task assigned to their organisation, and a digest of overdue tasks.

Messages carry only what the lead may see (never police-only fields) and a link to the task.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from partners.models import Membership, Organisation


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def lead_addresses(organisation: Organisation) -> list[str]:
    """Email addresses of the organisation's active leads."""
    return sorted(
        Membership.objects.filter(organisation=organisation, role=Membership.Role.LEAD, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def send_task_assigned(task_id: int) -> int:
    """Tell the assigned organisation's leads about a task (call after commit)."""
    from .models import Task

    task = Task.objects.select_related("plan", "organisation").filter(pk=task_id).first()
    if task is None:
        return 0
    recipients = lead_addresses(task.organisation)
    if not recipients:
        return 0
    body = render_to_string(
        "tasks/email/task_assigned.txt",
        {"task": task, "url": _site_url() + reverse("tasks:detail", args=[task.pk])},
    )
    return send_mail(
        subject=f"New task for {task.organisation.name}: {task.title}"[:150],
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def send_overdue_digest(organisation_id: int, task_ids: list[int]) -> int:
    """One message to the organisation's leads listing its overdue tasks."""
    from .models import Task

    organisation = Organisation.objects.get(pk=organisation_id)
    recipients = lead_addresses(organisation)
    if not recipients:
        return 0
    tasks = list(Task.objects.filter(pk__in=task_ids).select_related("plan").order_by("due_date", "pk"))
    body = render_to_string(
        "tasks/email/overdue_digest.txt",
        {
            "organisation": organisation,
            "tasks": tasks,
            "url": _site_url() + reverse("tasks:ours"),
        },
    )
    count = len(tasks)
    return send_mail(
        subject=f"{organisation.name}: {count} overdue task{'s' if count != 1 else ''}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
