from audit import services


def log_event(w):
    services.log_event(
        action="plan.update",
        actor=w.users["owner"],
        target=w.plan,
        plan=w.plan,
        changes={"title": ["Old", "New"]},
        reason="Weekly review",
    )
    return {"action": "plan.update", "actor": w.users["owner"], "target": w.plan}


def log_refused(w):
    services.log_refused(action="task.update", actor=w.users["partner_off"], target=w.task, plan=w.plan)
    return {"action": "task.update.refused", "actor": w.users["partner_off"], "target": w.task}


def log_events(w):
    # Several events in one statement, chained in order (the test verifies the chain after).
    services.log_events(
        [
            {"action": "plan.view", "actor": w.users["partner_on"], "target": w.plan, "plan": w.plan},
            {"action": "plan.view", "actor": w.users["partner_on"], "target": w.task, "plan": w.plan},
        ]
    )
    return {"action": "plan.view", "actor": w.users["partner_on"], "target": w.task, "count": 2}


def log_checkpoint(w):
    # The audit_checkpoint command's record, once the file is written; no actor.
    from audit.integrity import Checkpoint

    services.log_checkpoint(Checkpoint(sequence=1, hash="a" * 64, time="2026-11-25T19:00:00+00:00"))
    return {"action": "audit.checkpoint", "actor": None}


def diff(w):
    # A pure helper for the services that write: it computes changes and writes nothing.
    services.diff(w.plan, {"title": "Old"}, ["title"])
    return {"count": 0}


def search_record_consultation(w):
    # A search page that showed police-only values records who read them, how and which events.
    from audit import consultation_services

    consultation_services.search_record_consultation(
        actor=w.users["manager"], filters={"plan": w.plan.reference}, sequences=[3, 5]
    )
    return {"action": "audit.search_consult", "actor": w.users["manager"]}


CASES = {
    "audit.services.log_event": log_event,
    "audit.services.log_refused": log_refused,
    "audit.services.log_events": log_events,
    "audit.services.diff": diff,
    "audit.services.log_checkpoint": log_checkpoint,
    "audit.consultation_services.search_record_consultation": search_record_consultation,
}
