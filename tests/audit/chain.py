"""Build a long, valid chain fast (bulk inserts, hashes computed here) for tests and measurements."""

import datetime
import random

from audit.models import ChainHead, Event

ACTIONS = ["plan.update", "plan.view", "task.update", "plan.transition", "auth.login", "report.export"]


def extend_chain(count: int, *, batch: int = 2000, actor=None, plan=None, police_only_every: int = 0) -> None:
    """Append `count` valid events after the current head, as log_event would have written them."""
    head, _ = ChainHead.objects.get_or_create(pk=1)
    sequence, prev = head.last_sequence, head.last_hash
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    rng = random.Random(sequence)
    pending = []
    for i in range(count):
        sequence += 1
        event = Event(
            sequence=sequence,
            occurred_at=start + datetime.timedelta(seconds=sequence, microseconds=rng.randrange(1_000_000)),
            actor=actor,
            actor_username=actor.username if actor else "bench",
            actor_organisation="Leicestershire Police",
            action=ACTIONS[i % len(ACTIONS)],
            target_type="plans.plan",
            target_id=str(plan.pk if plan else sequence % 97),
            target_label=f"PSP-{sequence % 97:04d} Night-time disorder",
            plan_id=plan.pk if plan else sequence % 97,
            changes={"title": [f"Old title {sequence}", "New title é"], "minutes": [15, 30.5]},
            police_only=bool(police_only_every) and sequence % police_only_every == 0,
            reason="Weekly review" if i % 3 else "",
            request_id=f"{sequence:032x}",
            ip_address=f"10.0.0.{sequence % 250}" if i % 5 else "2001:db8::1",
            prev_hash=prev,
        )
        event.hash = event.compute_hash()
        prev = event.hash
        pending.append(event)
        if len(pending) >= batch:
            Event.objects.bulk_create(pending)
            pending = []
    if pending:
        Event.objects.bulk_create(pending)
    ChainHead.objects.filter(pk=1).update(last_sequence=sequence, last_hash=prev)


def log_plan_history(world, *, victim_details: str) -> None:
    """Two events about world.plan by its owner: a transition, then a police-only update."""
    from audit.services import log_event

    owner = world.users["owner"]
    log_event(
        action="plan.transition",
        actor=owner,
        target=world.plan,
        plan=world.plan,
        changes={"state": ["analyse", "respond"]},
        reason="Analysis complete",
    )
    log_event(
        action="plan.update",
        actor=owner,
        target=world.plan,
        plan=world.plan,
        changes={"victim_details": ["", victim_details]},
        police_only=True,
    )
