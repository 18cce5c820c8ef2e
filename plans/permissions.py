"""Who may do what with a plan (PRODUCT.md, Permissions): the only place these rules live.

Editing rights are police rights: the owner or a co-owner edits the plan's content only while
still an officer. An owner who has left the officer role (moved to a partner organisation, made a
manager only, or no longer police) is treated as any other user of that role by every path:
sections, sources, objectives and responses, baselines, partners and tasks, the transitions.
Managers keep what the table gives managers.

Who may *see* a plan is a list filter (plans.selectors.plans_visible_to), not a rule here.
Task and evidence rules are in plans.task_permissions.
"""

import rules

from partners.permissions import manager, may, officer, partner_lead, police, register_rule, signed_in
from partners.roles import partner_group_ids

# Stages a plan is open in (plans.models.OPEN_STAGES, which imports this module).
_OPEN = ("scan", "analyse", "respond", "assess")
_FINISHED = ("closed", "withdrawn")


@rules.predicate
def is_owner(user, plan) -> bool:
    return plan is not None and plan.owner_id == user.pk


@rules.predicate
def is_co_owner(user, plan) -> bool:
    # Reads the plan page's prefetched co-owners when there are any.
    return plan is not None and any(co_owner.pk == user.pk for co_owner in plan.co_owners.all())


@rules.predicate
def plan_open(user, plan) -> bool:
    return plan is not None and plan.state in _OPEN


@rules.predicate
def plan_in_assess(user, plan) -> bool:
    return plan is not None and plan.state == "assess"


@rules.predicate
def plan_finished_with_personal_data(user, plan) -> bool:
    """Closed or withdrawn, and its personal data not yet disposed of."""
    return plan is not None and plan.state in _FINISHED and not plan.personal_data_disposed


# The one definition of "the plan's owner or a co-owner": still an officer.
owns_plan = signed_in & officer & (is_owner | is_co_owner)


def _register(name: str, predicate, refusal: str) -> None:
    register_rule(name, predicate, refusal, module=__name__)


_register("plans.see_plan_list", police | partner_lead, "Only police and partner leads have a list of plans.")
_register("plans.create_plan", officer, "Only officers open plans.")
_register(
    "plans.edit_plan",
    plan_open & owns_plan,
    "Only the plan's owner or a co-owner (an officer) may change its content, while it is open.",
)
_register(
    "plans.manage_tasks",
    plan_open & (manager | owns_plan),
    "Only the plan's owner, a co-owner or a manager may change its partners and tasks, while it is open.",
)
_register("plans.see_closure_requests", police, "A closure request is police business.")
_register("plans.see_review_queue", manager, "Only managers have a review queue.")
_register("plans.review_retention", manager, "Only managers review a plan for retention.")
_register(
    "plans.review_retention_now",
    manager & plan_finished_with_personal_data,
    "Only a closed or withdrawn plan whose personal data is kept is reviewed for retention.",
)

# The transitions' permission callables (plans.models), by who the workflow table names.
_register(
    "plans.move_plan_on",
    owns_plan,
    "Only the plan's owner or a co-owner (an officer) moves the plan on to its next stage.",
)
_register(
    "plans.send_plan_back",
    manager | owns_plan,
    "Only the plan's owner, a co-owner or a manager sends the plan back.",
)
_register("plans.decide_plan", manager, "Only a manager closes, reopens or withdraws a plan.")

_register(
    "plans.ask_to_close",
    plan_in_assess & owns_plan,
    "Only the plan's owner or a co-owner (an officer) asks a manager to close it, while it is in Assess.",
)

# Who may press each transition, in the words a user who may not is told (the plan page's
# "who does this" line, instead of a step with no button).
WHO_MAY = {
    "plans.move_plan_on": "The plan's owner or a co-owner moves the plan on.",
    "plans.send_plan_back": "The plan's owner, a co-owner or a manager sends the plan back.",
    "plans.decide_plan": "A manager closes plans.",
}

TRANSITION_PERMISSIONS = {
    "start_analysis": "plans.move_plan_on",
    "start_response": "plans.move_plan_on",
    "start_assessment": "plans.move_plan_on",
    "close": "plans.decide_plan",
    "send_back": "plans.send_plan_back",
    "reopen": "plans.decide_plan",
    "withdraw": "plans.decide_plan",
}


def transition_permission(name: str):
    """The django-fsm permission callable of a transition: (plan, user) -> bool, from the rule."""
    permission = TRANSITION_PERMISSIONS[name]

    def allowed(plan, user) -> bool:
        return may(user, permission, plan)

    allowed.__name__ = f"may_{name}"
    return allowed


_register(
    "plans.comment",
    police | rules.predicate(lambda user, plan: _partner_on_plan(user, plan)),
    "Only police and the plan's partners may comment.",
)
_register("plans.comment_police_only", police, "Only police may post police-only comments.")


def _partner_on_plan(user, plan) -> bool:
    groups = partner_group_ids(user)
    return bool(groups) and plan.partner_links.filter(organisation__group_id__in=groups).exists()
