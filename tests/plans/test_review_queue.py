"""The manager's review queue: plans awaiting closure and open plans past their review date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import ClosureRequest, Stage
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("plans:review_queue")


def test_the_manager_sees_plans_awaiting_closure_and_overdue_reviews(world, client_for):
    past = timezone.localdate() - datetime.timedelta(days=3)
    assess = factories.make_plan(owner=world.users["owner"], title="Awaiting closure", state=Stage.ASSESS)
    overdue = factories.make_plan(owner=world.users["officer2"], title="Overdue", next_review_date=past)
    factories.make_plan(
        owner=world.users["owner"], title="Closed long ago", state=Stage.CLOSED, next_review_date=past
    )
    response = client_for(world.users["manager"]).get(URL)
    assert response.status_code == 200
    assert [p.pk for p in response.context["awaiting_closure"]] == [assess.pk]
    assert [p.pk for p in response.context["review_overdue"]] == [overdue.pk]
    assert "Closed long ago" not in response.content.decode()


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_only_managers_have_a_review_queue(persona, world, client_for):
    assert client_for(world.users[persona]).get(URL).status_code == 403


def test_the_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    browser = client_for(world.users["manager"])
    past = timezone.localdate() - datetime.timedelta(days=3)

    def grow(n):
        for i in range(n):
            asked = factories.make_plan(owner=world.users["owner"], title=f"A{i}", state=Stage.ASSESS)
            ClosureRequest.objects.create(plan=asked, requested_by=world.users["owner"], note=f"Ready {i}")
            factories.make_plan(owner=world.users["owner"], title=f"O{i}", next_review_date=past)

    grow(2)
    browser.get(URL)
    # 11: the closure requests waiting are one query of their own.
    with django_assert_max_num_queries(11) as small:
        browser.get(URL)
    grow(20)
    with django_assert_max_num_queries(11) as large:
        browser.get(URL)
    assert len(large.captured_queries) == len(small.captured_queries)
