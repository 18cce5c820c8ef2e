"""The "Our tasks" page: the organisation's tasks across plans, overdue first, each with its forms."""

from plans.models import TaskState
from tests import factories


def _titles(response):
    return [row["task"].title for row in response.context["rows"]]


def test_it_lists_only_our_organisations_tasks_overdue_first(world, pastors_org, client_for):
    second_plan = factories.make_plan(owner=world.users["owner"], partners=[pastors_org], title="Second")
    factories.make_task(second_plan, pastors_org, title="Overdue one", due_in_days=-3)
    factories.make_task(world.plan, pastors_org, title="Soon", due_in_days=2)
    factories.make_task(world.plan, pastors_org, title="Finished", due_in_days=-20, state=TaskState.DONE)
    response = client_for(world.users["partner_on"]).get("/tasks/")
    assert _titles(response) == ["Overdue one", "Soon", world.task.title, "Finished"]
    body = response.content.decode()
    assert "Radio link for door staff" not in body  # BID's task
    assert "Report broken lighting" not in body  # another plan's partner
    assert "Overdue" in body


def test_each_unfinished_task_has_its_update_forms(world, client_for):
    body = client_for(world.users["partner_on"]).get("/tasks/").content.decode()
    assert f'action="/tasks/{world.task.pk}/start/"' in body
    assert f'hx-post="/tasks/{world.task.pk}/complete/"' in body
    assert 'enctype="multipart/form-data"' in body
    assert f'id="task-{world.task.pk}-note-complete"' in body


def test_tasks_of_a_plan_we_left_disappear(world, pastors_org, client_for):
    from plans.task_services import plan_partner_remove

    plan_partner_remove(actor=world.users["owner"], plan=world.plan, organisation=pastors_org)
    response = client_for(world.users["partner_on"]).get("/tasks/")
    assert _titles(response) == []
    assert "No tasks are assigned to your organisation" in response.content.decode()


def _grow(world, pastors_org, times):
    for n in range(times):
        plan = factories.make_plan(owner=world.users["owner"], partners=[pastors_org], title=f"Plan {n}")
        response = factories.make_response(plan, pastors_org)
        factories.make_task(plan, pastors_org, response=response, title=f"Task {n}", due_in_days=n - 3)
        factories.make_attachment(
            factories.make_task(plan, pastors_org, title=f"Done {n}", state="done"), world.users["partner_on"]
        )


QUERIES = 9  # session, user, roles, tasks, their attachments, and the session save


def test_the_query_count_is_pinned(world, pastors_org, client_for, django_assert_max_num_queries):
    _grow(world, pastors_org, 2)
    client = client_for(world.users["partner_on"])
    with django_assert_max_num_queries(QUERIES):
        client.get("/tasks/")


def test_the_query_count_does_not_move_when_the_data_grows_tenfold(
    world, pastors_org, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users["partner_on"])
    _grow(world, pastors_org, 2)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get("/tasks/").context["rows"]) == 5
    _grow(world, pastors_org, 18)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get("/tasks/").context["rows"]) == 41
