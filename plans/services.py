"""Writes to plans and their SARA sections: each one atomic, locked, permission-checked and
audited. A plan's sources, objectives and responses are written by plans.part_services."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone

from audit.edits import EditBase, EditConflict, record_edit  # noqa: F401 - EditConflict: what these services raise
from audit.models import Event
from audit.services import log_event
from partners.permissions import require
from partners.refusals import Refused
from partners.roles import is_officer

from . import submissions, workflow
from .models import POLICE_ONLY_FIELDS, ClosureRequest, Plan, Stage, review_due_by
from .permissions import TRANSITION_PERMISSIONS
from .service_support import audit_value, require_editor

# The fields each section form edits. Anything else in `data` is ignored, so a posted
# owner, state or reference changes nothing.
SECTION_FIELDS: dict[str, list[str]] = {
    "details": ["title", "start_date", "next_review_date", "co_owners"],
    "scan": ["hotspot_name", "area", "priority", "problem_statement", "first_seen"],
    "analyse": [
        "pat_victim",
        "pat_guardian",
        "pat_offender",
        "pat_handler",
        "pat_location",
        "pat_place_manager",
        "data_findings",
        "hypothesis",
        "victim_details",
        "offender_details",
        "police_notes",
    ],
    "assess": ["process_evaluation", "outcome_summary", "outcome_verdict", "lessons_learned"],
}


class TransitionConflict(Exception):
    """The plan moved between the user's page and their button press."""

    def __init__(self, state: str):
        self.state = state
        super().__init__(f"This plan has just moved to {Stage(state).label}")


class TransitionBlocked(Exception):
    """The transition's conditions (or its reason) are not met; `unmet` says what to do."""

    def __init__(self, unmet: list[str]):
        self.unmet = list(unmet)
        super().__init__("; ".join(self.unmet))


def _field_value(plan: Plan, name: str):
    if name == "co_owners":
        return sorted(u.get_username() for u in plan.co_owners.all())
    if name == "area":
        return plan.area_id
    return getattr(plan, name)


def _write_plan_field(plan: Plan, name: str, value) -> None:
    if name == "co_owners":
        plan.co_owners.set(value)
    else:
        setattr(plan, name, value)


def _plan_audit_value(name: str, value):
    """A section field as its update event records it: co-owners by username, the area by name."""
    if name == "co_owners":
        return sorted(u.get_username() for u in value)
    return None if value is None else audit_value(value)


def _officers_only(users: Iterable) -> list:
    users = list(users or [])
    for user in users:
        if not is_officer(user):
            raise ValueError(f"{user} is not an officer and cannot co-own a plan")
    return users


def _next_reference(year: int) -> str:
    prefix = f"PSP-{year}-"
    last = (
        Plan.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:03d}"


def plan_create(
    *,
    actor,
    title: str,
    hotspot_name: str,
    area=None,
    priority: str = Plan.Priority.MEDIUM,
    start_date: datetime.date | None = None,
    next_review_date: datetime.date | None = None,
    problem_statement: str = "",
    first_seen: datetime.date | None = None,
    co_owners: Iterable = (),
    submission=None,
) -> Plan:
    """Open a new plan in Scan, owned by the officer creating it, with the next free reference."""
    require(actor, "plans.create_plan", action="plan.create")
    co_owners = [u for u in _officers_only(co_owners) if u.pk != actor.pk]
    start_date = start_date or timezone.localdate()
    fields = {
        "title": title,
        "hotspot_name": hotspot_name,
        "area": area,
        "priority": priority,
        "start_date": start_date,
        "next_review_date": next_review_date or review_due_by(start_date),
        "problem_statement": problem_statement,
        "first_seen": first_seen,
    }
    # The reference is unique in the database: a concurrent create that took the same number
    # fails its savepoint, and this one takes the next number.
    for _attempt in range(20):
        try:
            with transaction.atomic():
                plan = Plan.objects.create(owner=actor, reference=_next_reference(start_date.year), **fields)
                plan.co_owners.set(co_owners)
                submissions.claim(
                    submission,
                    actor=actor,
                    plan=plan,
                    action="plan.create",
                    content={**fields, "co_owners": sorted(u.pk for u in co_owners)},
                )
                changes = {k: [None, audit_value(v)] for k, v in fields.items() if v not in ("", None)}
                changes["reference"] = [None, plan.reference]
                changes["owner"] = [None, actor.get_username()]
                if co_owners:
                    changes["co_owners"] = [None, sorted(u.get_username() for u in co_owners)]
                log_event(action="plan.create", actor=actor, target=plan, plan=plan, changes=changes)
            return plan
        except IntegrityError:
            continue
    raise RuntimeError("Could not find a free plan reference")


def plan_update(
    *,
    actor,
    plan: Plan,
    section: str,
    data: dict,
    version: int,
    reason: str = "",
    base: EditBase | None = None,
) -> Plan:
    """Save one section form, refused with EditConflict when the plan changed since `version`;
    with the `base` the user saw, only the fields they changed are written."""
    fields = SECTION_FIELDS[section]
    require_editor(actor=actor, plan=plan, action="plan.update")
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if not plan.is_open:
            raise Refused("This plan is no longer open")
        values = {name: data[name] for name in fields if name in data}
        if "co_owners" in values:
            values["co_owners"] = [u for u in _officers_only(values["co_owners"]) if u.pk != plan.owner_id]
        changes = record_edit(
            plan,
            fields=fields,
            values=values,
            version=version,
            base=base,
            events=Event.objects.filter(plan_id=plan.pk, action="plan.update"),
            value=_field_value,
            write=_write_plan_field,
            audit=_plan_audit_value,
        )
        if changes:
            plan.full_clean(exclude=["owner", "co_owners", "state"], validate_unique=False)
            plan.save()
            log_event(
                action="plan.update",
                actor=actor,
                target=plan,
                plan=plan,
                changes=changes,
                police_only=any(f in changes for f in POLICE_ONLY_FIELDS),
                personal=POLICE_ONLY_FIELDS,
                reason=reason,
            )
    return plan


REVIEWED = "Reviewed by the plan's owner: the next review is due 28 days on"


def plan_review_record(*, actor, plan: Plan, version: int) -> Plan:
    """The owner's (or a co-owner's) 28-day review, done today: the next one is due 28 days on.

    A change of the plan's details, audited with the reason, so an edit of the details opened
    before it is refused rather than writing the old review date back. Twice the same day
    changes nothing the second time.
    """
    require_editor(actor=actor, plan=plan, action="plan.update")
    due = review_due_by(plan.start_date)
    saved = Plan.objects.get(pk=plan.pk)
    if saved.next_review_date == due:
        # Recorded already today (the button pressed twice, or by a co-owner): nothing to change,
        # and no "someone changed the plan" for what the reviewer wanted done.
        return saved
    return plan_update(
        actor=actor,
        plan=plan,
        section="details",
        data={"next_review_date": due},
        version=version,
        reason=REVIEWED,
    )


def plan_transition(
    *, actor, plan: Plan, transition: str, reason: str = "", expected_state: str | None = None
) -> Plan:
    """Move the plan along the SARA workflow; exactly one of two simultaneous presses wins.

    `expected_state` is the stage the user saw (the confirmation page sends it); it defaults
    to the stage of the `plan` passed in.
    """
    if transition not in workflow.TRANSITIONS:
        raise ValueError(f"Unknown transition {transition!r}")
    expected_state = expected_state or plan.state
    require(actor, TRANSITION_PERMISSIONS[transition], plan, action="plan.transition", plan=plan)
    reason = (reason or "").strip()
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.state != expected_state:
            raise TransitionConflict(plan.state)
        if not workflow.is_available(plan, transition):
            raise TransitionBlocked(
                [
                    f"A plan in {Stage(plan.state).label} cannot take this step ({transition.replace('_', ' ')})"
                ]
            )
        unmet = plan.unmet_conditions(transition)
        if workflow.TRANSITIONS[transition].needs_reason and not reason:
            unmet.append("Give a reason")
        if unmet:
            raise TransitionBlocked(unmet)
        dates = ("retention_review_date", "next_review_date")
        before, dates_before = plan.state, {name: getattr(plan, name) for name in dates}
        getattr(plan, transition)()
        plan.save(update_fields=["state", "closed_at", "withdrawn_at", *dates, "updated_at"])
        changes = {"state": [before, plan.state]}
        for name, old in dates_before.items():
            if getattr(plan, name) != old:
                changes[name] = [audit_value(old), audit_value(getattr(plan, name))]
        # Only a plan in Assess can have a waiting request: no query for the other steps.
        answered = _answer_closure_request(plan=plan, actor=actor) if before == Stage.ASSESS else ""
        if answered:
            changes["closure_request"] = [ClosureRequest.Status.WAITING.value, answered]
        log_event(
            action="plan.transition",
            actor=actor,
            target=plan,
            plan=plan,
            changes=changes,
            reason=reason,
        )
    return plan


def _answer_closure_request(*, plan: Plan, actor) -> str:
    """A waiting closure request is answered by the plan closing, and withdrawn when the plan
    leaves Assess another way; the transition's event records it. Returns the new status, or ""."""
    status = ClosureRequest.Status.CLOSED if plan.state == Stage.CLOSED else ClosureRequest.Status.WITHDRAWN
    updated = ClosureRequest.objects.filter(plan=plan, status=ClosureRequest.Status.WAITING).update(
        status=status, answered_by=actor, answered_at=timezone.now()
    )
    return status.value if updated else ""


def plan_record_view(*, actor, plan: Plan, target=None) -> None:
    """Record that this user consulted the plan page (DPA 2018 s.62 logs consultation), or a page
    of one of its parts (`target`, an objective or a response whose edit form shows it)."""
    log_event(action="plan.view", actor=actor, target=target or plan, plan=plan)
