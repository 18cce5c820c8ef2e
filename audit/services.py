"""Writing audit events. Every service that changes something calls `log_event` inside its transaction."""

from django.db import models, transaction

from . import context
from .models import ChainHead, Event


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def log_event(
    *,
    action: str,
    actor=None,
    target=None,
    plan=None,
    changes: dict | None = None,
    reason: str = "",
    police_only: bool = False,
    target_label: str = "",
) -> Event:
    """Append one event to the hash chain, in the caller's transaction."""
    from partners.roles import organisation_of

    ctx = context.current()
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        organisation = organisation_of(actor_obj) if actor_obj else None
        event = Event(
            sequence=head.last_sequence + 1,
            actor=actor_obj,
            actor_username=actor_obj.get_username() if actor_obj else "",
            actor_organisation=organisation.name if organisation else "",
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=(target_label or (str(target) if target is not None else ""))[:200],
            plan_id=plan.pk if plan is not None else None,
            changes=_json_safe(changes or {}),
            police_only=police_only,
            reason=reason,
            request_id=ctx.request_id,
            ip_address=ctx.ip_address,
            prev_hash=head.last_hash,
        )
        # Round-trip the time through the database's precision before hashing.
        event.occurred_at = event.occurred_at.replace(microsecond=event.occurred_at.microsecond)
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        head.last_sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


def diff(instance, old: dict, fields) -> dict:
    """Field -> [old, new] for the fields whose value changed."""
    changes = {}
    for name in fields:
        new = getattr(instance, name)
        if old.get(name) != new:
            changes[name] = [old.get(name), new]
    return changes


def log_refused(*, action: str, actor, target=None, plan=None, reason: str = "") -> Event:
    """Record an attempt that was refused for want of permission (`<action>.refused`).

    Call it outside the refused action's transaction (which rolls back), so the refusal stays.
    """
    return log_event(
        action=f"{action}.refused",
        actor=actor,
        target=target,
        plan=plan,
        reason=reason or "Permission refused",
    )
