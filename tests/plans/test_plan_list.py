"""The plan list: who sees which plans, the filters, paging, and a fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, Stage
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("plans:list")


def refs(response):
    return [p.reference for p in response.context["page"].object_list]


def test_officers_see_their_own_plans_first(world, client_for):
    newer = factories.make_plan(owner=world.users["officer2"], title="Newest, not mine")
    listed = refs(client_for(world.users["owner"]).get(URL))
    assert listed[0] == world.plan.reference
    assert set(listed) == {world.plan.reference, world.other_plan.reference, newer.reference}


def test_managers_see_every_plan(world, client_for):
    listed = refs(client_for(world.users["manager"]).get(URL))
    assert set(listed) == {world.plan.reference, world.other_plan.reference}


def test_partner_leads_see_only_plans_their_organisation_is_on(world, client_for):
    assert refs(client_for(world.users["partner_on"]).get(URL)) == [world.plan.reference]
    assert refs(client_for(world.users["partner_off"]).get(URL)) == [world.other_plan.reference]


def test_the_filters_narrow_the_list(world, client_for):
    browser = client_for(world.users["manager"])
    assert refs(browser.get(URL, {"stage": Stage.RESPOND})) == [world.plan.reference]
    assert refs(browser.get(URL, {"owner": world.users["officer2"].pk})) == [world.other_plan.reference]
    Plan.objects.filter(pk=world.other_plan.pk).update(priority="high")
    assert refs(browser.get(URL, {"priority": "high"})) == [world.other_plan.reference]
    Plan.objects.filter(pk=world.plan.pk).update(
        next_review_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert refs(browser.get(URL, {"overdue": "on"})) == [world.plan.reference]


def test_a_nonsense_filter_is_ignored_not_an_error(world, client_for):
    response = client_for(world.users["manager"]).get(URL, {"stage": "nonsense", "owner": "x"})
    assert response.status_code == 200
    assert set(refs(response)) == {world.plan.reference, world.other_plan.reference}
    assert "Not applied, as the address gave a value that is not in its list: Stage, Owner." in (
        response.content.decode()
    )


def test_a_bad_filter_leaves_out_only_itself(world, client_for):
    """One bad value (an owner who is no longer an officer, say) must not drop the good filters."""
    browser = client_for(world.users["manager"])
    for bad in ({"owner": "x"}, {"owner": world.users["partner_on"].pk}, {"priority": "zz"}):
        response = browser.get(URL, {"stage": Stage.RESPOND, **bad})
        assert refs(response) == [world.plan.reference], bad
        label = "Owner" if "owner" in bad else "Priority"
        assert f"in its list: {label}. The other filters apply." in response.content.decode()
    assert "Not applied" not in browser.get(URL, {"stage": Stage.RESPOND}).content.decode()


def test_fifty_plans_a_page(world, client_for):
    for i in range(55):
        factories.make_plan(owner=world.users["owner"], title=f"Plan {i}")
    browser = client_for(world.users["manager"])
    first = browser.get(URL)
    assert len(first.context["page"].object_list) == 50
    assert "page=2" in first.content.decode()
    second = browser.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 7


@pytest.mark.parametrize(("persona", "status"), [("admin", 403), ("anonymous", 302)])
def test_who_cannot_see_the_list(persona, status, personas, world, client, client_for):
    browser = client_for(personas.admin) if persona == "admin" else client
    assert browser.get(URL).status_code == status


@pytest.mark.parametrize("persona", ["owner", "partner_on", "manager"])
def test_the_query_count_does_not_grow_tenfold(persona, world, client_for, django_assert_max_num_queries):
    browser = client_for(world.users[persona])
    for i in range(5):
        plan = factories.make_plan(owner=world.users["officer2"], title=f"Plan {i}")
        factories.add_partner(plan, world.task.organisation)
    browser.get(URL)
    with django_assert_max_num_queries(12) as small:
        browser.get(URL)
    for i in range(50):
        plan = factories.make_plan(owner=world.users["officer2"], title=f"More {i}")
        factories.add_partner(plan, world.task.organisation)
    with django_assert_max_num_queries(12) as large:
        response = browser.get(URL)
    assert len(response.context["page"].object_list) == 50
    assert len(large.captured_queries) == len(small.captured_queries)
