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


def diff(w):
    # A pure helper for the services that write: it computes changes and writes nothing.
    services.diff(w.plan, {"title": "Old"}, ["title"])
    return {"count": 0}


CASES = {
    "audit.services.log_event": log_event,
    "audit.services.log_refused": log_refused,
    "audit.services.diff": diff,
}
