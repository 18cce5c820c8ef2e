"""Writes to a plan's sources, objectives and responses: edited by the owner or a co-owner while
the plan is open; each one atomic, locked, permission-checked and audited."""

from django.db import transaction

from audit.edits import EditBase, EditConflict, record_edit  # noqa: F401 - EditConflict: what these services raise
from audit.models import Event
from audit.services import log_event
from partners.refusals import Refused

from . import submissions
from .models import Objective, Plan, Response, Source
from .service_support import audit_value, require_editor


def _locked(plan: Plan) -> Plan:
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if not locked.is_open:
        raise Refused("This plan is no longer open")
    return locked


def _changes(instance, fields: list[str], old: dict | None = None) -> dict:
    result = {}
    for name in fields:
        new = audit_value(getattr(instance, name))
        before = None if old is None else old.get(name)
        if old is None and new in ("", None):
            continue
        if before != new:
            result[name] = [before, new]
    return result


SOURCE_FIELDS = ["kind", "notes"]
OBJECTIVE_FIELDS = [
    "impact",
    "reduction_percent",
    "description",
    "measure",
    "baseline",
    "baseline_note",
    "target",
    "result",
]
RESPONSE_FIELDS = ["kind", "description", "lead_organisation", "delivery", "delivery_note"]


def _snapshot(instance, fields):
    return {name: audit_value(getattr(instance, name)) for name in fields}


def source_add(*, actor, plan: Plan, kind: str, notes: str = "", submission=None) -> Source:
    """Add a source (calls, crime data, community concern...) to the Scan stage."""
    require_editor(actor=actor, plan=plan, action="plan.source_add")
    with transaction.atomic():
        plan = _locked(plan)
        submissions.claim(
            submission,
            actor=actor,
            plan=plan,
            action="plan.source_add",
            content={"plan": plan.pk, "kind": kind, "notes": notes},
        )
        source = Source(plan=plan, kind=kind, notes=notes)
        source.full_clean()
        source.save()
        log_event(
            action="plan.source_add",
            actor=actor,
            target=source,
            plan=plan,
            changes=_changes(source, SOURCE_FIELDS),
        )
    return source


def source_remove(*, actor, source: Source) -> None:
    """Remove a source from the plan."""
    plan = source.plan
    require_editor(actor=actor, plan=plan, action="plan.source_remove", target=source)
    with transaction.atomic():
        plan = _locked(plan)
        old = _snapshot(source, SOURCE_FIELDS)
        log_event(
            action="plan.source_remove",
            actor=actor,
            target=source,
            plan=plan,
            changes={k: [v, None] for k, v in old.items()},
        )
        source.delete()


def _part_add(*, actor, plan: Plan, model, fields, action: str, values: dict):
    """Add an objective or a response: only its own fields are taken from `values`."""
    require_editor(actor=actor, plan=plan, action=action)
    with transaction.atomic():
        plan = _locked(plan)
        submissions.claim(
            values.get("submission"),
            actor=actor,
            plan=plan,
            action=action,
            content={"plan": plan.pk, **{k: v for k, v in values.items() if k in fields}},
        )
        part = model(plan=plan, **{k: v for k, v in values.items() if k in fields})
        part.full_clean()
        part.save()
        log_event(action=action, actor=actor, target=part, plan=plan, changes=_changes(part, fields))
    return part


def _part_update(
    *, actor, part, fields, action: str, values: dict, version: int | None, base: EditBase | None = None
):
    """Change an objective or a response, recording each field's old and new value.

    With `version` (the edit form's), refused with EditConflict when someone else saved
    the part since: nothing is written, as with a plan section; with the `base` the user saw,
    only the fields they changed are written.
    """
    require_editor(actor=actor, plan=part.plan, action=action, target=part)
    with transaction.atomic():
        plan = _locked(part.plan)
        part = type(part).objects.select_for_update().get(pk=part.pk)
        # Its edits, and for an objective a baseline set from the figures (hotspots.services).
        actions = [action, "plan.objective_baseline"] if isinstance(part, Objective) else [action]
        changes = record_edit(
            part,
            fields=fields,
            values={name: value for name, value in values.items() if name in fields},
            version=version,
            base=base,
            events=Event.objects.filter(plan_id=plan.pk, action__in=actions, target_id=str(part.pk)),
            value=lambda record, name: audit_value(getattr(record, name)),
            noun=part._meta.verbose_name,
            clean=lambda record: record.full_clean(),
            audit=lambda name, value: audit_value(value),
        )
        if changes:
            part.save()
            # A save that changes nothing writes nothing, so it has no event (as a plan section).
            log_event(action=action, actor=actor, target=part, plan=plan, changes=changes)
    return part


def _part_remove(*, actor, part, fields, action: str) -> None:
    """Remove an objective or a response; the event keeps what it said, and the tasks a
    removed response leaves unlinked."""
    plan = part.plan
    require_editor(actor=actor, plan=plan, action=action, target=part)
    with transaction.atomic():
        plan = _locked(plan)
        old = _snapshot(part, fields)
        changes = {k: [v, None] for k, v in old.items() if v not in ("", None)}
        if isinstance(part, Response):
            unlinked = sorted(part.tasks.select_for_update().values_list("pk", flat=True))
            if unlinked:
                changes["tasks"] = [unlinked, None]
        log_event(action=action, actor=actor, target=part, plan=plan, changes=changes)
        part.delete()


def objective_add(*, actor, plan: Plan, **values) -> Objective:
    """Add a SMART objective on the impact scale."""
    return _part_add(
        actor=actor,
        plan=plan,
        model=Objective,
        fields=OBJECTIVE_FIELDS,
        action="plan.objective_add",
        values=values,
    )


def objective_update(
    *, actor, objective: Objective, version: int | None = None, base: EditBase | None = None, **values
) -> Objective:
    """Change an objective's wording, baseline, target or result; refused when `version` is stale."""
    return _part_update(
        actor=actor,
        part=objective,
        fields=OBJECTIVE_FIELDS,
        action="plan.objective_update",
        values=values,
        version=version,
        base=base,
    )


def objective_remove(*, actor, objective: Objective) -> None:
    """Remove an objective."""
    _part_remove(actor=actor, part=objective, fields=OBJECTIVE_FIELDS, action="plan.objective_remove")


def response_add(*, actor, plan: Plan, **values) -> Response:
    """Add a response (enforcement, prevention, situational, engagement, diversion)."""
    return _part_add(
        actor=actor,
        plan=plan,
        model=Response,
        fields=RESPONSE_FIELDS,
        action="plan.response_add",
        values=values,
    )


def response_update(
    *, actor, response: Response, version: int | None = None, base: EditBase | None = None, **values
) -> Response:
    """Change a response, including whether it was delivered; refused when `version` is stale."""
    return _part_update(
        actor=actor,
        part=response,
        fields=RESPONSE_FIELDS,
        action="plan.response_update",
        values=values,
        version=version,
        base=base,
    )


def response_remove(*, actor, response: Response) -> None:
    """Remove a response; its tasks stay on the plan, unlinked."""
    _part_remove(actor=actor, part=response, fields=RESPONSE_FIELDS, action="plan.response_remove")
