"""The overdue reminders: one digest a day per organisation of its overdue tasks.

A task is marked reminded in the transaction that sent its digest, so a digest that could not be
sent leaves its tasks to the next run.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from audit.services import log_event
from partners.models import Organisation

from . import emails
from .models import Task, overdue_work

logger = logging.getLogger(__name__)


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
