"""The partners, tasks and comments panel of a plan (and its page /plans/<pk>/tasks/)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Comment
from plans.plan_page import plan_panel_context
from tests import factories


def _panel(world, persona):
    return plan_panel_context(plan=world.plan, user=world.users[persona])["tasks_panel"]


def _tasks(panel):
    return {task.title: task for group in panel.groups for task in group.tasks}


def test_tasks_are_grouped_by_response(world):
    panel = _panel(world, "owner")
    assert [g.response.pk if g.response else None for g in panel.groups] == [world.task.response_id, None]
    assert [t.pk for t in panel.groups[0].tasks] == [world.task.pk]
    assert [t.pk for t in panel.groups[1].tasks] == [world.other_org_task.pk]


def test_a_partner_sees_every_task_but_acts_only_on_its_own(world):
    tasks = _tasks(_panel(world, "partner_on"))
    assert tasks[world.task.title].can_act
    assert not tasks[world.other_org_task.title].can_act


def test_the_owner_may_act_on_all_and_a_manager_on_none(world):
    assert all(t.can_act for t in _tasks(_panel(world, "owner")).values())
    assert not any(t.can_act for t in _tasks(_panel(world, "manager")).values())


def test_management_links_only_for_owner_and_manager(world, client_for):
    for persona, expected in [("owner", True), ("manager", True), ("officer2", False), ("partner_on", False)]:
        page = client_for(world.users[persona]).get(f"/plans/{world.plan.pk}/tasks/").content.decode()
        assert (f"/plans/{world.plan.pk}/tasks/new/" in page) is expected, persona
        assert (f"/plans/{world.plan.pk}/partners/add/" in page) is expected, persona


def test_police_only_comments_only_for_police(world):
    assert world.police_comment in _panel(world, "officer2").comments
    assert world.police_comment not in _panel(world, "partner_on").comments
    assert "police_only" in _panel(world, "owner").comment_form.fields
    assert "police_only" not in _panel(world, "partner_on").comment_form.fields


def test_overdue_tasks_are_marked(world, pastors_org, client_for):
    factories.make_task(world.plan, pastors_org, title="Late one", due_in_days=-2)
    page = client_for(world.users["partner_on"]).get(f"/plans/{world.plan.pk}/tasks/").content.decode()
    assert 'govuk-tag--red">Overdue' in page


def test_a_withdrawn_plans_late_tasks_are_not_marked_overdue(world, pastors_org, client_for):
    from plans.models import Plan, Stage

    factories.make_task(world.plan, pastors_org, title="Late one", due_in_days=-2)
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.WITHDRAWN)
    page = client_for(world.users["partner_on"]).get(f"/plans/{world.plan.pk}/tasks/").content.decode()
    assert "Late one" in page
    assert 'govuk-tag--red">Overdue' not in page


def _grow(world, pastors_org, bid_org, times):
    for n in range(times):
        response = factories.make_response(world.plan, pastors_org)
        task = factories.make_task(world.plan, pastors_org, response=response, title=f"Task {n}")
        factories.make_attachment(task, world.users["partner_on"])
        factories.make_task(world.plan, bid_org, title=f"Loose {n}", state="blocked")
        Comment.objects.create(plan=world.plan, author=world.users["partner_on"], body=f"Note {n}")
        Comment.objects.create(
            plan=world.plan, author=world.users["owner"], body=f"Police {n}", police_only=True
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_panel_reads_a_fixed_number_of_queries(
    world, pastors_org, bid_org, client_for, django_assert_max_num_queries
):
    _grow(world, pastors_org, bid_org, 1)
    with django_assert_max_num_queries(9):
        plan_panel_context(plan=world.plan, user=world.users["partner_on"])


def test_the_page_query_count_does_not_move_when_the_plan_grows_tenfold(
    world, pastors_org, bid_org, client_for
):
    url = f"/plans/{world.plan.pk}/tasks/"
    client = client_for(world.users["partner_on"])
    _grow(world, pastors_org, bid_org, 2)
    # The first request of a process also fills its caches (permission ids, content types):
    # run alone, this test counted those two queries against the small plan only.
    client.get(url)
    small = _count(client, url)
    _grow(world, pastors_org, bid_org, 18)
    assert _count(client, url) == small
    assert small <= 16
