"""Audit coverage for plans.closure_services: asking a manager to close, and the request sent back."""

from plans import closure_services
from plans.models import ClosureRequest, Plan, Stage


def _ready_to_close(w) -> Plan:
    Plan.objects.filter(pk=w.plan.pk).update(
        state=Stage.ASSESS, outcome_verdict="effective", outcome_summary="Assaults down by a third"
    )
    w.plan.refresh_from_db()
    return w.plan


def closure_request_create(w):
    plan = _ready_to_close(w)
    closure_services.closure_request_create(actor=w.users["owner"], plan=plan, note="Ready")
    return {"action": "plan.closure_request", "actor": w.users["owner"], "target": plan}


def closure_request_return(w):
    plan = _ready_to_close(w)
    ClosureRequest.objects.create(plan=plan, requested_by=w.users["owner"])  # waiting, no event of its own
    closure_services.closure_request_return(
        actor=w.users["manager"], plan=plan, reason="Add the patrol figures"
    )
    return {"action": "plan.closure_return", "actor": w.users["manager"], "target": plan}


CASES = {
    f"plans.closure_services.{fn.__name__}": fn for fn in [closure_request_create, closure_request_return]
}
