"""Audit coverage for plans.retention_services: each decision writes exactly one event."""

import datetime

from django.utils import timezone

from plans import retention_services
from plans.models import Plan, Stage


def _closed(w) -> Plan:
    Plan.objects.filter(pk=w.plan.pk).update(state=Stage.CLOSED)
    w.plan.refresh_from_db()
    return w.plan


def retention_keep(w):
    plan = retention_services.retention_keep(
        actor=w.users["manager"],
        plan=_closed(w),
        reason="Civil claim pending",
        next_review=timezone.localdate() + datetime.timedelta(days=365),
    )
    return {"action": "plan.retention_keep", "actor": w.users["manager"], "target": plan}


def retention_dispose(w):
    plan = retention_services.retention_dispose(actor=w.users["manager"], plan=_closed(w))
    return {"action": "plan.dispose", "actor": w.users["manager"], "target": plan}


CASES = {f"plans.retention_services.{fn.__name__}": fn for fn in [retention_keep, retention_dispose]}
