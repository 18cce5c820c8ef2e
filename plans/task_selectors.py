"""Task, partner and comment reads for the plan page (stub: the tasks issue fills this in)."""


def plan_panel_context(*, plan, user) -> dict:
    """Context for templates/tasks/_plan_panel.html on the plan detail page."""
    return {}
