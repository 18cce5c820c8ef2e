"""Hotspot reads for other pages (stub: the evidence issue fills this in)."""


def plan_assess_context(*, plan, user) -> dict:
    """Context for templates/hotspots/_plan_assess.html on the plan detail page."""
    return {}
