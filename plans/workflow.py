"""What each plan transition is called, who may press it, and which ones a user sees."""

from dataclasses import dataclass

from django_fsm import Transition, can_proceed

from .models import Plan


@dataclass(frozen=True)
class TransitionInfo:
    name: str
    label: str  # the button and page heading
    needs_reason: bool
    hint: str


TRANSITIONS: dict[str, TransitionInfo] = {
    info.name: info
    for info in [
        TransitionInfo("start_analysis", "Start analysis", False, "Move the plan from Scan to Analyse."),
        TransitionInfo(
            "start_response", "Start the response", False, "Move the plan from Analyse to Respond."
        ),
        TransitionInfo(
            "start_assessment", "Start the assessment", False, "Move the plan from Respond to Assess."
        ),
        TransitionInfo("close", "Close the plan", False, "Approve the outcome and close the plan."),
        TransitionInfo("send_back", "Send back", True, "Return the plan to its previous stage."),
        TransitionInfo("reopen", "Reopen the plan", True, "Return a closed plan to Assess."),
        TransitionInfo("withdraw", "Withdraw the plan", True, "Abandon the plan. It can no longer change."),
    ]
}


def _transitions(plan: Plan, name: str) -> list[Transition]:
    """django-fsm's transitions of this name, from every source stage (its public listing)."""
    return [t for t in plan.get_all_state_transitions() if t.name == name]


def _from_here(plan: Plan, name: str) -> Transition | None:
    return next((t for t in _transitions(plan, name) if t.source in (plan.state, "*")), None)


def target_of(plan: Plan, name: str) -> str | None:
    """The stage this transition would move the plan to from where it is now, or None."""
    transition = _from_here(plan, name)
    return None if transition is None else transition.target


def is_available(plan: Plan, name: str) -> bool:
    """The transition exists from the plan's current stage (conditions not checked)."""
    return name in TRANSITIONS and can_proceed(getattr(plan, name), check_conditions=False)


def user_may(plan: Plan, name: str, user) -> bool:
    """This user may fire this transition from the plan's current stage (the permission callable;
    conditions not checked: the page lists what is still missing)."""
    transition = _from_here(plan, name) if name in TRANSITIONS else None
    return transition is not None and transition.has_perm(plan, user)


def transitions_for(plan: Plan, user, known: dict | None = None) -> list[dict]:
    """The transitions this user may press on this plan now, each with what is still missing.

    `known` maps transition names to unmet conditions already worked out, to save the queries.
    """
    known = known or {}
    result = []
    for name, info in TRANSITIONS.items():
        if user_may(plan, name, user):
            unmet = known[name] if name in known else plan.unmet_conditions(name)
            result.append({"info": info, "unmet": unmet})
    return result
