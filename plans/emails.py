"""Emails to partner leads: a task assigned to their organisation, and a digest of overdue tasks.

Messages carry only what the lead may see (never police-only fields) and a link to the task.
"""

import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from partners.models import Membership, Organisation


class NoRecipients(Exception):
    """Nobody would receive the message: the organisation has no active lead with an email address."""


def describe_failure(exc: BaseException) -> str:
    """Why a message was not sent, in words for a log or the command's output.

    Never the exception's text as such: an SMTP server's answer may quote the recipients' addresses.
    """
    name = type(exc).__name__
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{name}: the mail server answered {exc.smtp_code}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"{name}: the mail server refused every recipient"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{name}: {exc.strerror}"
    return name


def send(*, recipients: list[str], subject: str, template: str, context: dict, link: str) -> int:
    """Render the message, with `url` the site's address of `link`, and send it to `recipients`
    (nothing to nobody); the subject cut to the 150 characters a mail client shows."""
    if not recipients:
        return 0
    body = render_to_string(template, {**context, "url": settings.SITE_URL.rstrip("/") + link})
    return send_mail(
        subject=subject[:150],
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


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
    return send(
        recipients=lead_addresses(task.organisation),
        subject=f"New task for {task.organisation.name}: {task.title}",
        template="tasks/email/task_assigned.txt",
        context={"task": task},
        link=reverse("tasks:detail", args=[task.pk]),
    )


def send_overdue_digest(organisation_id: int, task_ids: list[int]) -> int:
    """One message to the organisation's leads listing its overdue tasks.

    Raises NoRecipients when no lead has an email address, and the backend's error (an OSError,
    smtplib.SMTPException among them) when the message could not be sent: the caller marks the
    tasks reminded only when this returns.
    """
    from .models import Task

    organisation = Organisation.objects.get(pk=organisation_id)
    recipients = lead_addresses(organisation)
    if not recipients:
        raise NoRecipients(f"{organisation.name} has no partner lead with an email address")
    tasks = list(Task.objects.filter(pk__in=task_ids).select_related("plan").order_by("due_date", "pk"))
    count = len(tasks)
    return send(
        recipients=recipients,
        subject=f"{organisation.name}: {count} overdue task{'s' if count != 1 else ''}",
        template="tasks/email/overdue_digest.txt",
        context={"organisation": organisation, "tasks": tasks},
        link=reverse("tasks:ours"),
    )


def manager_addresses() -> list[str]:
    """Email addresses of the programme's active managers."""
    from django.contrib.auth import get_user_model

    from partners.roles import Role

    return sorted(
        get_user_model()
        .objects.filter(groups__name=Role.MANAGER.value, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def send_closure_requested(request_id: int) -> int:
    """One message to every manager: a plan's owner asks for it to be closed (call after commit).

    Police recipients only, so the owner's note may be quoted; the link needs a sign-in.
    """
    from .models import ClosureRequest

    closure = ClosureRequest.objects.select_related("plan", "requested_by").filter(pk=request_id).first()
    if closure is None:
        return 0
    return send(
        recipients=manager_addresses(),
        subject=f"Closure requested: {closure.plan.reference} {closure.plan.title}",
        template="plans/email/closure_requested.txt",
        context={"closure": closure},
        link=reverse("plans:detail", args=[closure.plan_id]),
    )
