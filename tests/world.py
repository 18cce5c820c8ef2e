"""A small programme every cross-cutting test (URL matrix, audit coverage) can use.

Personas by their part in the story (PERSONA_KEYS):
  owner       officer, owns `plan`
  officer2    a second officer, owns `other_plan`
  partner_on  pastors, lead of Street Pastors, a partner on `plan`
  partner_off wardens, lead of City Street Wardens, NOT on `plan` (on `other_plan` only)
  manager     the programme manager
  anonymous   not signed in
"""

from dataclasses import dataclass

import pytest

from hotspots.models import Area
from plans.models import Comment, Stage

from . import factories

PERSONA_KEYS = ["owner", "officer2", "partner_on", "partner_off", "manager", "anonymous"]

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[-1.1360, 52.6340], [-1.1320, 52.6340], [-1.1320, 52.6365], [-1.1360, 52.6365], [-1.1360, 52.6340]]
    ],
}


@dataclass
class World:
    users: dict  # persona key -> user (None for anonymous)
    area: Area
    plan: object  # owned by officer, Street Pastors and BID on it, in Respond
    other_plan: object  # owned by officer2, City Street Wardens on it, in Scan
    task: object  # on `plan`, assigned to Street Pastors
    other_org_task: object  # on `plan`, assigned to BID Leicester
    other_plan_task: object  # on `other_plan`, assigned to City Street Wardens
    shared_comment: object
    police_comment: object


@pytest.fixture
def world(personas, pastors_org, wardens_org, bid_org) -> World:
    area = Area.objects.create(name="Clock Tower", geometry=SQUARE)
    plan = factories.make_plan(
        owner=personas.officer, partners=[pastors_org, bid_org], area=area, state=Stage.RESPOND
    )
    factories.make_source(plan)
    factories.make_objective(plan)
    response = factories.make_response(plan, pastors_org)
    other_plan = factories.make_plan(
        owner=personas.officer2,
        partners=[wardens_org],
        title="Shoplifting and begging on Gallowtree Gate",
        hotspot_name="Gallowtree Gate",
    )
    return World(
        users={
            "owner": personas.officer,
            "officer2": personas.officer2,
            "partner_on": personas.pastors,
            "partner_off": personas.wardens,
            "manager": personas.manager,
            "anonymous": None,
        },
        area=area,
        plan=plan,
        other_plan=other_plan,
        task=factories.make_task(plan, pastors_org, response=response),
        other_org_task=factories.make_task(plan, bid_org, title="Radio link for door staff"),
        other_plan_task=factories.make_task(other_plan, wardens_org, title="Report broken lighting"),
        shared_comment=Comment.objects.create(
            plan=plan, author=personas.officer, body="Rank busy after 01:00"
        ),
        police_comment=Comment.objects.create(
            plan=plan, author=personas.officer, body="POLICE-ONLY-COMMENT informant says", police_only=True
        ),
    )
