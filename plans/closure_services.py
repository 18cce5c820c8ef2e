"""Closure as a request: the owner asks a manager to close a plan in Assess, and a manager
sends the request back with a reason (closing it is the `close` transition in plans.services,
which answers the request in the same event)."""

import logging

from django.db import transaction
from django.utils import timezone

from audit.services import log_event
from partners.permissions import require
from partners.refusals import Refused

from . import emails, submissions
from .models import ClosureRequest, Plan, Stage
from .services import TransitionBlocked, TransitionConflict

logger = logging.getLogger(__name__)

ALREADY_ASKED = "A manager has already been asked to close this plan."
NOTHING_WAITING = "No closure request is waiting on this plan: a manager may have answered it already."


def _notify_managers(closure: ClosureRequest) -> None:
    """After the commit: one email to the managers. The request stands whatever happens here."""
    try:
        emails.send_closure_requested(closure.pk)
    except Exception:
        logger.exception("Could not email the managers about closure request %s", closure.pk)


def closure_request_create(*, actor, plan: Plan, note: str = "", submission=None) -> ClosureRequest:
    """The owner (or a co-owner) asks a manager to close the plan: Assess, and ready to close.

    The same form sent twice (`submission`, its one-time token) raises
    submissions.AlreadySubmitted before the "already asked" check.
    """
    require(actor, "plans.ask_to_close", plan, action="plan.closure_request", plan=plan)
    note = (note or "").strip()
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        submissions.claim(
            submission,
            actor=actor,
            plan=locked,
            action="plan.closure_request",
            content={"plan": locked.pk, "note": note},
        )
        if locked.state != Stage.ASSESS:
            raise TransitionConflict(locked.state)
        unmet = locked.unmet_conditions("close")
        if unmet:
            raise TransitionBlocked(unmet)
        if ClosureRequest.objects.filter(plan=locked, status=ClosureRequest.Status.WAITING).exists():
            raise Refused(ALREADY_ASKED, status=409)
        closure = ClosureRequest.objects.create(plan=locked, requested_by=actor, note=note)
        log_event(
            action="plan.closure_request",
            actor=actor,
            target=locked,
            plan=locked,
            changes={"closure_request": [None, ClosureRequest.Status.WAITING.value]},
            reason=note,
            police_only=True,  # a word between police: partners never read the request or its note
        )
        transaction.on_commit(lambda: _notify_managers(closure))
    return closure


def closure_request_return(*, actor, plan: Plan, reason: str) -> ClosureRequest:
    """A manager sends the waiting closure request back to the owner, with the reason."""
    require(actor, "plans.decide_plan", plan, action="plan.closure_return", plan=plan)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionBlocked(["Give a reason"])
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        closure = ClosureRequest.objects.filter(plan=locked, status=ClosureRequest.Status.WAITING).first()
        if closure is None:
            raise Refused(NOTHING_WAITING, status=409)
        closure.status = ClosureRequest.Status.RETURNED
        closure.answered_by = actor
        closure.answered_at = timezone.now()
        closure.answer = reason
        closure.save(update_fields=["status", "answered_by", "answered_at", "answer"])
        log_event(
            action="plan.closure_return",
            actor=actor,
            target=locked,
            plan=locked,
            changes={"closure_request": [ClosureRequest.Status.WAITING.value, closure.status]},
            reason=reason,
            police_only=True,
        )
    return closure
