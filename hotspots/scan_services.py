"""Opening a plan from Scan: its area, the plan and its police.uk source, made together or not at all."""

from django.db import transaction

from partners.permissions import require
from plans import part_services
from plans import services as plan_services
from plans.models import Plan, Source
from plans.models import Submission as PlanSubmission

from . import services
from .scan import CELL, LSOA, Selection
from .submissions import AlreadySubmitted

ACTION = "scan.plan_start"


class PlanAlreadyStarted(Exception):
    """The same form was sent twice: nothing was made this time; `plan_id` is the first one's."""

    def __init__(self, plan_id: int | None):
        super().__init__("This plan was already started")
        self.plan_id = plan_id


def scan_plan_start(
    *,
    actor,
    selection: Selection,
    area_name: str,
    title: str,
    hotspot_name: str,
    problem_statement: str,
    buffer_m: int,
    tolerance_m: int = 0,
    submission=None,
) -> Plan:
    """Make the hotspot area of the chosen places and a plan in Scan on it, with its police.uk source.

    Officers only (plans.services.plan_create's rule). The three writes go through their own
    services, each audited, in one transaction; the form's one-time token (`submission`)
    makes a second sending of the same form (a double click) make nothing and raise
    PlanAlreadyStarted. A taken area name or a bad outline raises as area_create does.
    """
    require(actor, "plans.create_plan", action=ACTION)
    area_values = {
        "name": area_name,
        "geometry_value": selection.area_geometry(tolerance_m),
        "lsoa_codes": [selection.keys[0][0]] if selection.kind == LSOA else [],
        "buffer_m": buffer_m,
        # A snap point's radius is its outline already; cells may be grown by a tolerance.
        "tolerance_m": tolerance_m if selection.kind == CELL else 0,
    }
    try:
        with transaction.atomic():
            area = services.area_create(actor=actor, submission=submission, **area_values)
            plan = plan_services.plan_create(
                actor=actor,
                title=title,
                hotspot_name=hotspot_name,
                area=area,
                problem_statement=problem_statement,
                submission=submission,
            )
            part_services.source_add(
                actor=actor, plan=plan, kind=Source.Kind.CRIME_DATA, notes=selection.source_notes()
            )
    except AlreadySubmitted:
        earlier = PlanSubmission.objects.filter(token=submission).values_list("plan_id", flat=True).first()
        raise PlanAlreadyStarted(earlier) from None
    return plan
