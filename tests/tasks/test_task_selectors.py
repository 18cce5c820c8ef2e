"""The permission-aware task reads, and the partner plan list they build on."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Task
from plans.selectors import plans_visible_to
from plans.task_selectors import task_for_user_or_404, tasks_of_my_organisation, tasks_visible_to
from tests import factories


def test_police_see_every_task(world):
    assert tasks_visible_to(world.users["officer2"]).count() == Task.objects.count() == 3


def test_a_partner_sees_the_tasks_of_the_plans_it_is_on(world):
    assert set(tasks_visible_to(world.users["partner_on"])) == {world.task, world.other_org_task}
    assert set(tasks_visible_to(world.users["partner_off"])) == {world.other_plan_task}


def test_our_tasks_are_those_assigned_to_our_organisation(world, pastors_org, bid_org):
    for n in range(5):
        plan = factories.make_plan(owner=world.users["owner"], partners=[pastors_org, bid_org])
        factories.make_task(plan, pastors_org, title=f"P{n}")
        factories.make_task(plan, bid_org, title=f"B{n}")
    assert set(tasks_of_my_organisation(world.users["partner_on"])) == set(
        Task.objects.filter(organisation=pastors_org)
    )
    assert set(tasks_of_my_organisation(world.users["partner_off"])) == {world.other_plan_task}


def test_a_global_change_task_permission_opens_no_task(world):
    from django.contrib.auth.models import Permission

    user = world.users["partner_off"]
    user.user_permissions.add(Permission.objects.get(codename="change_task"))
    assert set(tasks_of_my_organisation(user)) == {world.other_plan_task}


def test_one_query_for_our_tasks_however_many(world, pastors_org, django_assert_num_queries):
    user = world.users["partner_on"]
    list(tasks_of_my_organisation(user))  # roles cached on the user
    for n in range(30):
        factories.make_task(world.plan, pastors_org, title=f"T{n}")
    with django_assert_num_queries(1):
        assert len(list(tasks_of_my_organisation(user))) == 31


def _plans(user):
    with CaptureQueriesContext(connection) as queries:
        count = len(list(plans_visible_to(user)))
    return count, len(queries.captured_queries)


def test_the_partner_plan_list_query_count_does_not_move_when_plans_grow_tenfold(
    world, pastors_org, wardens_org
):
    user = world.users["partner_on"]
    _plans(user)
    for n in range(3):
        factories.make_plan(owner=world.users["owner"], partners=[pastors_org], title=f"S{n}")
        factories.make_plan(owner=world.users["owner"], partners=[wardens_org], title=f"W{n}")
    small = _plans(user)
    for n in range(27):
        factories.make_plan(owner=world.users["owner"], partners=[pastors_org], title=f"L{n}")
        factories.make_plan(owner=world.users["owner"], partners=[wardens_org], title=f"X{n}")
    large = _plans(user)
    assert (small[0], large[0]) == (4, 31)
    assert small[1] == large[1] == 1


def test_a_task_on_a_plan_not_ours_is_404(world):
    import pytest
    from django.http import Http404

    with pytest.raises(Http404):
        task_for_user_or_404(world.users["partner_off"], world.task.pk)
    with pytest.raises(Http404):
        task_for_user_or_404(world.users["partner_on"], "not-a-number")
