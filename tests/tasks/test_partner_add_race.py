"""A partner form sent twice at the same moment (PostgreSQL row locks) adds the partner once: the
second sending waits at the plan's lock, then meets the first's token before the "already on
this plan" check. A race is won or lost by timing, so it is run 20 times."""

import uuid

import pytest

from audit.models import Event
from plans.models import PlanPartner
from plans.partner_services import plan_partner_add, plan_partner_remove
from plans.submissions import AlreadySubmitted
from tests.plans.test_plan_concurrency import race

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_the_same_partner_form_sent_twice_at_once_adds_the_partner_once(world, wardens_org):
    owner = world.users["owner"]
    for attempt in range(20):
        token = uuid.uuid4()

        def send(token=token):
            return plan_partner_add(actor=owner, plan=world.plan, organisation=wardens_org, submission=token)

        results = race(send, send)
        added = [r for r in results if isinstance(r, PlanPartner)]
        repeats = [r for r in results if isinstance(r, AlreadySubmitted)]
        assert len(added) == 1 and len(repeats) == 1, (attempt, results)
        assert repeats[0].plan_id == world.plan.pk
        assert PlanPartner.objects.filter(plan=world.plan, organisation=wardens_org).count() == 1
        plan_partner_remove(actor=owner, plan=world.plan, organisation=wardens_org)
    assert Event.objects.filter(action="plan.partner_add").count() == 20
