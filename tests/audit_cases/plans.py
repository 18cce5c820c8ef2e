"""Audit coverage for plans.services and plans.part_services: each call writes exactly one event of its action."""

from plans import part_services, services
from plans.models import Objective, Plan, Response, Source, Stage


def plan_create(w):
    plan = services.plan_create(actor=w.users["owner"], title="Street drinking", hotspot_name="Haymarket")
    return {"action": "plan.create", "actor": w.users["owner"], "target": plan}


def plan_update(w):
    plan = services.plan_update(
        actor=w.users["owner"], plan=w.plan, section="scan", data={"priority": "high"}, version=w.plan.version
    )
    return {"action": "plan.update", "actor": w.users["owner"], "target": plan}


def plan_review_record(w):
    Plan.objects.filter(pk=w.plan.pk).update(next_review_date=w.plan.start_date)  # due: reviewed now
    w.plan.refresh_from_db()
    plan = services.plan_review_record(actor=w.users["owner"], plan=w.plan, version=w.plan.version)
    return {"action": "plan.update", "actor": w.users["owner"], "target": plan}


def plan_transition(w):
    plan = services.plan_transition(
        actor=w.users["manager"], plan=w.plan, transition="send_back", reason="Analysis too thin"
    )
    assert plan.state == Stage.ANALYSE
    return {"action": "plan.transition", "actor": w.users["manager"], "target": plan}


def plan_record_view(w):
    services.plan_record_view(actor=w.users["partner_on"], plan=w.plan)
    return {"action": "plan.view", "actor": w.users["partner_on"], "target": w.plan}


def source_add(w):
    source = part_services.source_add(actor=w.users["owner"], plan=w.plan, kind="community", notes="Traders")
    return {"action": "plan.source_add", "actor": w.users["owner"], "target": source}


def source_remove(w):
    source = w.plan.sources.first()
    pk = source.pk
    part_services.source_remove(actor=w.users["owner"], source=source)
    return {"action": "plan.source_remove", "actor": w.users["owner"], "target": Source(pk=pk)}


def objective_add(w):
    objective = part_services.objective_add(
        actor=w.users["owner"],
        plan=w.plan,
        impact="handle_better",
        description="Every drinker offered support",
        measure="Referrals",
        baseline=2,
    )
    return {"action": "plan.objective_add", "actor": w.users["owner"], "target": objective}


def objective_update(w):
    objective = part_services.objective_update(
        actor=w.users["owner"], objective=w.plan.objectives.first(), result=30
    )
    return {"action": "plan.objective_update", "actor": w.users["owner"], "target": objective}


def objective_remove(w):
    objective = w.plan.objectives.first()
    pk = objective.pk
    part_services.objective_remove(actor=w.users["owner"], objective=objective)
    return {"action": "plan.objective_remove", "actor": w.users["owner"], "target": Objective(pk=pk)}


def response_add(w):
    response = part_services.response_add(
        actor=w.users["owner"], plan=w.plan, kind="engagement", description="Pubwatch"
    )
    return {"action": "plan.response_add", "actor": w.users["owner"], "target": response}


def response_update(w):
    response = part_services.response_update(
        actor=w.users["owner"], response=w.plan.responses.first(), delivery="delivered"
    )
    return {"action": "plan.response_update", "actor": w.users["owner"], "target": response}


def response_remove(w):
    response = w.plan.responses.first()
    pk = response.pk
    part_services.response_remove(actor=w.users["owner"], response=response)
    return {"action": "plan.response_remove", "actor": w.users["owner"], "target": Response(pk=pk)}


CASES = {
    f"plans.{module}.{fn.__name__}": fn
    for module, functions in {
        "services": (plan_create, plan_update, plan_review_record, plan_transition, plan_record_view),
        "part_services": (
            source_add,
            source_remove,
            objective_add,
            objective_update,
            objective_remove,
            response_add,
            response_update,
            response_remove,
        ),
    }.items()
    for fn in functions
}
