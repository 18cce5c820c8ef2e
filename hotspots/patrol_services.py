"""Writes of patrol logs: police log anywhere, a partner lead only in its plans' areas; one
visit, one record. Each atomic, locked, permission-checked and audited."""

import datetime

from django.db import transaction

from audit.edits import EditBase, EditConflict  # noqa: F401 - EditConflict: what these services raise
from audit.services import log_event
from partners.permissions import require
from partners.refusals import refuse
from partners.roles import organisation_of

from . import submissions
from .models import Area, PatrolLog
from .patrol_powers import POLICE_POWERS, check_powers
from .patrol_visits import refuse_a_second_record
from .service_support import PATROL_FIELDS, as_created, as_removed, record_area_or_patrol_edit


def _check_patrol_place(*, action: str, actor, area: Area, plan) -> None:
    """Police log anywhere; a partner lead only in the areas of its organisation's plans, and
    against a plan only one it can see, in that plan's area. Refusals are recorded."""
    from plans.selectors import plans_visible_to

    from .selectors import patrol_areas_for

    if not patrol_areas_for(actor).filter(pk=area.pk).exists():
        refuse(
            "Your organisation has no plan in this area.",
            action=action,
            actor=actor,
            target=area,
            logged="Not an area of your plans",
        )
    if plan is not None and (
        plan.area_id != area.pk or not plans_visible_to(actor).filter(pk=plan.pk).exists()
    ):
        refuse(
            "This patrol's plan is not one of yours in this area.",
            action=action,
            actor=actor,
            target=area,
            plan=plan,
            logged="Not this area's plan",
        )


def patrol_log(
    *,
    actor,
    area: Area,
    date: datetime.date,
    start_time: datetime.time,
    minutes: int,
    kind: str,
    staff_count: int = 1,
    engagements: int = 0,
    arrests: int = 0,
    stop_searches: int = 0,
    asb_powers: int = 0,
    note: str = "",
    plan=None,
    submission=None,
) -> PatrolLog:
    """Log a patrol visit for the actor's own organisation; nobody logs for another.

    The same form sent twice by the same person (`submission`, its one-time token) raises
    submissions.AlreadySubmitted, not the "already logged" refusal of a second record.
    """
    organisation = organisation_of(actor)
    require(actor, "hotspots.log_patrols", action="patrol.log", target=area)
    _check_patrol_place(action="patrol.log", actor=actor, area=area, plan=plan)
    check_powers(organisation, {"arrests": arrests, "stop_searches": stop_searches})
    values = {
        "area": area,
        "date": date,
        "start_time": start_time,
        "minutes": minutes,
        "staff_count": staff_count,
        "kind": kind,
        "engagements": engagements,
        "arrests": arrests,
        "stop_searches": stop_searches,
        "asb_powers": asb_powers,
        "note": note,
    }
    once = {"token": submission, "actor": actor, "action": "patrol.log", "content": {**values, "plan": plan}}
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=area.pk).exists()  # one writer at a time per area
        taken = submissions.take(**once)  # a repeat first: it is the record already logged
        refuse_a_second_record(
            organisation=organisation, area=area, date=date, start_time=start_time, kind=kind
        )
        patrol = PatrolLog.objects.create(plan=plan, organisation=organisation, logged_by=actor, **values)
        submissions.record(taken, patrol=patrol)
        changes = as_created(patrol, PATROL_FIELDS)
        changes["organisation"] = [None, organisation]
        log_event(action="patrol.log", actor=actor, target=patrol, plan=plan, changes=changes)
    return patrol


def patrol_update(
    *, actor, patrol: PatrolLog, version: int | None = None, base: EditBase | None = None, **values
) -> PatrolLog:
    """Correct a logged patrol (any of PATROL_FIELDS): own organisation only, same places as logging.

    With `version` (the edit form's), refused with EditConflict when someone saved the patrol since;
    with the `base` the user saw, only the fields they changed are written.
    """
    unknown = set(values) - set(PATROL_FIELDS)
    if unknown:
        raise TypeError(f"Not patrol fields: {sorted(unknown)}")
    require(actor, "hotspots.change_patrol", patrol, action="patrol.update", plan=patrol.plan)
    _check_patrol_place(
        action="patrol.update", actor=actor, area=values.get("area", patrol.area), plan=patrol.plan
    )
    check_powers(
        patrol.organisation, {name: values.get(name, getattr(patrol, name)) for name in POLICE_POWERS}
    )
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=values.get("area", patrol.area).pk).exists()
        patrol = PatrolLog.objects.select_for_update().get(pk=patrol.pk)
        changes = record_area_or_patrol_edit(
            patrol, action="patrol.update", version=version, base=base, values=values
        )
        refuse_a_second_record(
            organisation=patrol.organisation,
            area=patrol.area,
            date=patrol.date,
            start_time=patrol.start_time,
            kind=patrol.kind,
            patrol=patrol,
        )
        patrol.save()
        log_event(action="patrol.update", actor=actor, target=patrol, plan=patrol.plan, changes=changes)
    return patrol


def patrol_delete(*, actor, patrol: PatrolLog, reason: str) -> None:
    """Remove a patrol logged by mistake: own organisation only, with a reason, audited."""
    require(actor, "hotspots.change_patrol", patrol, action="patrol.delete", plan=patrol.plan)
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Give the reason for removing this patrol")
    with transaction.atomic():
        patrol = PatrolLog.objects.select_for_update().get(pk=patrol.pk)
        changes = as_removed(patrol, PATROL_FIELDS)
        changes["organisation"] = [patrol.organisation, None]
        log_event(
            action="patrol.delete",
            actor=actor,
            target=patrol,
            plan=patrol.plan,
            changes=changes,
            reason=reason,
        )
        patrol.delete()
