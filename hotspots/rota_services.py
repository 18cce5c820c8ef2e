"""Every write to the patrol rota: keyword-only, typed, atomic, audited.

A pattern's slots are rows (RotaSlot) expanded by hotspots.rota; every service that changes a
pattern or its exceptions expands it again in the same transaction, so the slots never disagree
with what the audit trail says was planned.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.edits import EditBase, EditConflict, record_edit  # noqa: F401 - EditConflict: what rota_pattern_update raises
from audit.models import Event
from audit.services import log_event
from partners.permissions import require

from . import rota, submissions
from .models import Area
from .rota_models import FundedTarget, RotaException, RotaPattern, RotaSlot, slot_row

PATTERN_FIELDS = [
    "area",
    "organisation",
    "weekdays",
    "start_time",
    "minutes",
    "staff_count",
    "first_date",
    "last_date",
]
MOVE_AT_MOST_DAYS = 6
CHANGEABLE_FIELDS = ["weekdays", "start_time", "minutes", "staff_count", "first_date", "last_date"]


def _open_plans_in(area: Area):
    from plans.models import OPEN_STAGES, Plan

    return Plan.objects.filter(area=area, state__in=OPEN_STAGES)


def _check_pattern(pattern: RotaPattern) -> list:
    """The pattern's weekdays as saved (sorted), or ValidationError saying what to fix."""
    area, organisation, weekdays = pattern.area, pattern.organisation, pattern.weekdays
    minutes, staff_count = pattern.minutes, pattern.staff_count
    first_date, last_date = pattern.first_date, pattern.last_date
    errors = {}
    try:
        days = sorted({int(d) for d in weekdays})
    except (TypeError, ValueError):
        days = []
    if not days or any(d < 0 or d > 6 for d in days):
        errors["weekdays"] = "Choose at least one day of the week"
    if not 1 <= int(minutes) <= 24 * 60:
        errors["minutes"] = "A slot lasts between 1 minute and 24 hours (1,440 minutes)"
    if not 1 <= int(staff_count) <= 100:
        errors["staff_count"] = "Enter a number of staff between 1 and 100"
    if last_date < first_date:
        errors["last_date"] = "The last date must be the same as or after the first date"
    elif (last_date - first_date).days > rota.LONGEST_PATTERN_DAYS:
        errors["last_date"] = "A pattern runs for at most two years: add another for the years after"
    plans = _open_plans_in(area)
    if not plans.exists():
        errors["area"] = f"{area.name} has no open plan: a rota is planned for an area with an open plan"
    elif not organisation.is_police and not plans.filter(partner_links__organisation=organisation).exists():
        errors["organisation"] = (
            f"{organisation.name} is not a partner on an open plan in {area.name}: add it to the plan first"
        )
    if errors:
        raise ValidationError(errors)
    return days


def _expand_slots(pattern: RotaPattern) -> int:
    """Replace the pattern's slot rows with its expansion; the number of slots."""
    exceptions = [
        rota.DateChange(
            e.date, (e.moved_to_date, e.moved_to_time) if e.kind == RotaException.Kind.MOVED else None
        )
        for e in pattern.exceptions.all()
    ]
    slots = rota.expand(
        weekdays=pattern.weekdays,
        start_time=pattern.start_time,
        minutes=pattern.minutes,
        staff_count=pattern.staff_count,
        first_date=pattern.first_date,
        last_date=pattern.last_date,
        exceptions=exceptions,
    )
    RotaSlot.objects.filter(pattern=pattern).delete()
    RotaSlot.objects.bulk_create(slot_row(pattern, slot) for slot in slots)
    return len(slots)


def rota_pattern_create(
    *,
    actor,
    area: Area,
    organisation,
    weekdays: list[int],
    start_time: datetime.time,
    minutes: int,
    staff_count: int,
    first_date: datetime.date,
    last_date: datetime.date,
    submission=None,
) -> RotaPattern:
    """Plan a repeating pattern of slots in an area with an open plan, for the police or a partner on it.

    The same form sent twice (`submission`, its one-time token) raises submissions.AlreadySubmitted.
    """
    require(actor, "hotspots.plan_rota", action="rota.create", target=area)
    content = {
        "area": area,
        "organisation": organisation,
        "weekdays": sorted(weekdays),
        "start_time": start_time,
        "minutes": minutes,
        "staff_count": staff_count,
        "first_date": first_date,
        "last_date": last_date,
    }
    with transaction.atomic():
        area = Area.objects.select_for_update().get(pk=area.pk)
        submissions.take(submission, actor=actor, action="rota.create", content=content)
        pattern = RotaPattern(created_by=actor, **{**content, "area": area})
        pattern.weekdays = _check_pattern(pattern)
        pattern.save()
        count = _expand_slots(pattern)
        changes = {name: [None, getattr(pattern, name)] for name in PATTERN_FIELDS}
        changes["slots"] = [None, count]
        log_event(action="rota.create", actor=actor, target=pattern, changes=changes)
    return pattern


def rota_pattern_update(
    *, actor, pattern: RotaPattern, version: int | None = None, base: EditBase | None = None, **values
) -> RotaPattern:
    """Change a pattern's days, time, length, staff or dates; its organisation must confirm it again.

    With `version` (the edit form's), refused with EditConflict when someone saved the pattern
    since; with the `base` the user saw, only the fields they changed are written.
    """
    unknown = set(values) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not changeable rota fields: {sorted(unknown)}")
    if "weekdays" in values:
        values["weekdays"] = sorted({int(d) for d in values["weekdays"]})
    require(actor, "hotspots.plan_rota", action="rota.update", target=pattern)
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=pattern.area_id).exists()
        pattern = (
            RotaPattern.objects.select_for_update().select_related("area", "organisation").get(pk=pattern.pk)
        )
        confirmed_by = pattern.confirmed_by

        def check(record):
            record.weekdays = _check_pattern(record)

        changes = record_edit(
            pattern,
            fields=CHANGEABLE_FIELDS,
            values=values,
            version=version,
            base=base,
            events=Event.objects.filter(
                action="rota.update", target_type="hotspots.rotapattern", target_id=str(pattern.pk)
            ),
            noun="rota",
            clean=check,
        )
        if changes:
            pattern.confirmed_by = None
            pattern.confirmed_at = None
            if confirmed_by is not None:
                changes["confirmed_by"] = [confirmed_by, None]
            pattern.save()
            changes["slots"] = [pattern.slots.count(), _expand_slots(pattern)]
        log_event(action="rota.update", actor=actor, target=pattern, changes=changes)
    return pattern


def rota_pattern_delete(*, actor, pattern: RotaPattern, reason: str) -> None:
    """Remove a pattern planned by mistake, with its slots; the event keeps every value."""
    require(actor, "hotspots.plan_rota", action="rota.delete", target=pattern)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for removing this rota"})
    with transaction.atomic():
        pattern = RotaPattern.objects.select_for_update().get(pk=pattern.pk)
        changes = {name: [getattr(pattern, name), None] for name in PATTERN_FIELDS}
        log_event(action="rota.delete", actor=actor, target=pattern, changes=changes, reason=reason[:500])
        pattern.delete()


def rota_exception_add(
    *,
    actor,
    pattern: RotaPattern,
    date: datetime.date,
    kind: str,
    moved_to_date: datetime.date | None = None,
    moved_to_time: datetime.time | None = None,
    reason: str = "",
    submission=None,
) -> RotaException:
    """Cancel one date's slot of a pattern, or move it to another date and time.

    The same form sent twice (`submission`, its one-time token) raises
    submissions.AlreadySubmitted before the "already cancelled or moved" check.
    """
    require(actor, "hotspots.plan_rota", action="rota.exception", target=pattern)
    content = {
        "pattern": pattern,
        "date": date,
        "kind": kind,
        "moved_to_date": moved_to_date,
        "moved_to_time": moved_to_time,
        "reason": reason,
    }
    with transaction.atomic():
        pattern = RotaPattern.objects.select_for_update().get(pk=pattern.pk)
        submissions.take(submission, actor=actor, action="rota.exception", content=content)
        if not rota.runs_on(
            date, weekdays=pattern.weekdays, first_date=pattern.first_date, last_date=pattern.last_date
        ):
            raise ValidationError({"date": f"The rota has no slot on {date:%A %-d %B %Y}"})
        if pattern.exceptions.filter(date=date).exists():
            raise ValidationError({"date": f"The slot on {date:%-d %B %Y} is already cancelled or moved"})
        if kind == RotaException.Kind.MOVED:
            if moved_to_date is None or moved_to_time is None:
                raise ValidationError({"moved_to_date": "Enter the date and time the slot moves to"})
            # An exception is for a single week: a slot moves within the week around its date.
            if abs((moved_to_date - date).days) > MOVE_AT_MOST_DAYS:
                raise ValidationError(
                    {
                        "moved_to_date": f"A slot moves at most {MOVE_AT_MOST_DAYS} days: plan another pattern instead"
                    }
                )
        elif kind == RotaException.Kind.CANCELLED:
            moved_to_date = moved_to_time = None
        else:
            raise ValidationError({"kind": "Choose whether the slot is cancelled or moved"})
        exception = RotaException.objects.create(
            pattern=pattern,
            date=date,
            kind=kind,
            moved_to_date=moved_to_date,
            moved_to_time=moved_to_time,
            reason=(reason or "").strip()[:200],
            created_by=actor,
        )
        _expand_slots(pattern)
        log_event(
            action="rota.exception",
            actor=actor,
            target=pattern,
            changes={
                "date": [None, date],
                "kind": [None, kind],
                "moved_to_date": [None, moved_to_date],
                "moved_to_time": [None, moved_to_time],
            },
            reason=exception.reason,
        )
    return exception


def rota_exception_remove(*, actor, exception: RotaException) -> RotaPattern:
    """Undo a cancelled or moved date: the pattern's slot runs on it as planned again."""
    require(actor, "hotspots.plan_rota", action="rota.exception_remove", target=exception.pattern)
    with transaction.atomic():
        pattern = RotaPattern.objects.select_for_update().get(pk=exception.pattern_id)
        exception = RotaException.objects.get(pk=exception.pk)
        changes = {
            "date": [exception.date, None],
            "kind": [exception.kind, None],
            "moved_to_date": [exception.moved_to_date, None],
            "moved_to_time": [exception.moved_to_time, None],
        }
        exception.delete()
        _expand_slots(pattern)
        log_event(
            action="rota.exception_remove",
            actor=actor,
            target=pattern,
            changes=changes,
            reason=exception.reason,
        )
    return pattern


def rota_pattern_confirm(*, actor, pattern: RotaPattern) -> RotaPattern:
    """A partner lead confirms its organisation will staff the pattern's slots."""
    require(actor, "hotspots.confirm_rota", pattern, action="rota.confirm")
    with transaction.atomic():
        pattern = RotaPattern.objects.select_for_update().get(pk=pattern.pk)
        old = pattern.confirmed_by
        pattern.confirmed_by = actor
        pattern.confirmed_at = timezone.now()
        pattern.save(update_fields=["confirmed_by", "confirmed_at"])
        log_event(action="rota.confirm", actor=actor, target=pattern, changes={"confirmed_by": [old, actor]})
    return pattern


def funded_target_set(
    *, actor, first_date: datetime.date, last_date: datetime.date, hours: int, submission=None
) -> FundedTarget:
    """A manager sets the programme's funded period and patrol hours target (the newest is in force).

    The same form sent twice (`submission`, its one-time token) raises
    submissions.AlreadySubmitted: one target is set, not the same one twice.
    """
    require(actor, "hotspots.set_funded_target", action="target.set")
    errors = {}
    if last_date <= first_date:
        errors["last_date"] = "The funded period must end after it starts"
    elif (last_date - first_date).days > 3 * 366:
        errors["last_date"] = "The funded period is at most three years"
    if not 1 <= int(hours) <= 10_000_000:
        errors["hours"] = "Enter the target as a whole number of hours, at least 1"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old = FundedTarget.objects.select_for_update().first()
        submissions.take(
            submission,
            actor=actor,
            action="target.set",
            content={"first_date": first_date, "last_date": last_date, "hours": hours},
        )
        target = FundedTarget.objects.create(
            first_date=first_date, last_date=last_date, hours=hours, set_by=actor
        )
        log_event(
            action="target.set",
            actor=actor,
            target=target,
            changes={
                name: [getattr(old, name) if old else None, getattr(target, name)]
                for name in ("first_date", "last_date", "hours")
            },
        )
    return target
