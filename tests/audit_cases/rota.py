"""Audit cases for the patrol rota's services (hotspots.rota_services)."""

import datetime

from hotspots import rota_services, target_services
from hotspots.rota_models import FundedTarget, RotaException, RotaPattern

PATTERN = {
    "weekdays": [4, 5],
    "start_time": datetime.time(22, 0),
    "minutes": 240,
    "staff_count": 2,
    "first_date": datetime.date(2026, 7, 3),
    "last_date": datetime.date(2026, 7, 31),
}


def _pastors(w):
    return w.users["partner_on"].memberships.get().organisation


def _written_directly(w) -> RotaPattern:
    """A pattern saved without an event, so a case counts only its service's."""
    return RotaPattern.objects.create(
        area=w.area, organisation=_pastors(w), created_by=w.users["owner"], **PATTERN
    )


def rota_pattern_create(w):
    pattern = rota_services.rota_pattern_create(
        actor=w.users["owner"], area=w.area, organisation=_pastors(w), **PATTERN
    )
    return {"action": "rota.create", "actor": w.users["owner"], "target": pattern}


def rota_pattern_update(w):
    pattern = rota_services.rota_pattern_update(
        actor=w.users["manager"], pattern=_written_directly(w), staff_count=3
    )
    return {"action": "rota.update", "actor": w.users["manager"], "target": pattern}


def rota_pattern_delete(w):
    pattern = _written_directly(w)
    pk = pattern.pk
    rota_services.rota_pattern_delete(actor=w.users["owner"], pattern=pattern, reason="Entered twice")
    return {"action": "rota.delete", "actor": w.users["owner"], "target": RotaPattern(pk=pk)}


def rota_exception_add(w):
    pattern = _written_directly(w)
    rota_services.rota_exception_add(
        actor=w.users["owner"], pattern=pattern, date=datetime.date(2026, 7, 10), kind="cancelled"
    )
    return {"action": "rota.exception", "actor": w.users["owner"], "target": pattern}


def rota_exception_remove(w):
    pattern = _written_directly(w)
    exception = RotaException.objects.create(
        pattern=pattern, date=datetime.date(2026, 7, 10), kind="cancelled", created_by=w.users["owner"]
    )
    rota_services.rota_exception_remove(actor=w.users["manager"], exception=exception)
    return {"action": "rota.exception_remove", "actor": w.users["manager"], "target": pattern}


def rota_pattern_confirm(w):
    pattern = rota_services.rota_pattern_confirm(actor=w.users["partner_on"], pattern=_written_directly(w))
    return {"action": "rota.confirm", "actor": w.users["partner_on"], "target": pattern}


def funded_target_set(w):
    target = rota_services.funded_target_set(
        actor=w.users["manager"],
        first_date=datetime.date(2026, 4, 1),
        last_date=datetime.date(2027, 3, 31),
        hours=13_000,
    )
    return {"action": "target.set", "actor": w.users["manager"], "target": target}


def organisation_target_set(w):
    FundedTarget.objects.create(
        first_date=datetime.date(2026, 4, 1),
        last_date=datetime.date(2027, 3, 31),
        hours=13_000,
        set_by=w.users["manager"],
    )
    organisation = w.users["partner_on"].memberships.get().organisation
    target_services.organisation_target_set(actor=w.users["manager"], organisation=organisation, hours=2_000)
    return {"action": "target.organisation_set", "actor": w.users["manager"], "target": organisation}


CASES = {
    "hotspots.target_services.organisation_target_set": organisation_target_set,
    "hotspots.rota_services.funded_target_set": funded_target_set,
    "hotspots.rota_services.rota_pattern_create": rota_pattern_create,
    "hotspots.rota_services.rota_pattern_update": rota_pattern_update,
    "hotspots.rota_services.rota_pattern_delete": rota_pattern_delete,
    "hotspots.rota_services.rota_exception_add": rota_exception_add,
    "hotspots.rota_services.rota_exception_remove": rota_exception_remove,
    "hotspots.rota_services.rota_pattern_confirm": rota_pattern_confirm,
}
