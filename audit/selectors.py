"""Audit reads (stub: the audit issue fills this in)."""

from .models import Event


def plan_timeline(*, plan, user, limit: int = 50) -> list[Event]:
    """The newest events about a plan that this user may read."""
    return []
