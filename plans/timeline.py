"""A plan's timeline: the audit events about it, with what plans decide about who reads them."""

from audit import selectors as audit_selectors

from .models import POLICE_ONLY_FIELDS, Plan
from .task_selectors import evidence_readable_on_plan


def plan_timeline(*, plan: Plan, user, limit: int = 50, consultations: bool = True) -> list:
    """The newest events about a plan that this user may read (audit.selectors.plan_timeline),
    with what plans decide about them: the police-only fields partners never read, and the
    evidence a partner's organisation owns (plans.task_selectors.evidence_readable_on_plan).

    The caller has checked the user may see the plan. Without `consultations`, page views are
    left out (the PDF's summary counts them instead).
    """
    return audit_selectors.plan_timeline(
        plan=plan,
        user=user,
        hidden_fields=POLICE_ONLY_FIELDS,
        evidence_readable=evidence_readable_on_plan,
        limit=limit,
        consultations=consultations,
    )
