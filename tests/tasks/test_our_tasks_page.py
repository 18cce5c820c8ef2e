"""The "Our tasks" page: the organisation's tasks across plans, overdue first, each with its forms;
finished tasks on their own view; a page at a time."""

import datetime

from django.utils import timezone

from plans.models import Task, TaskState
from plans.task_views import OUR_TASKS_PAGE_SIZE
from tests import factories


def _titles(response):
    return [row["task"].title for row in response.context["rows"]]


def test_it_lists_only_our_organisations_tasks_overdue_first(world, pastors_org, client_for):
    second_plan = factories.make_plan(owner=world.users["owner"], partners=[pastors_org], title="Second")
    factories.make_task(second_plan, pastors_org, title="Overdue one", due_in_days=-3)
    factories.make_task(world.plan, pastors_org, title="Soon", due_in_days=2)
    factories.make_task(world.plan, pastors_org, title="Finished", due_in_days=-20, state=TaskState.DONE)
    response = client_for(world.users["partner_on"]).get("/tasks/")
    assert _titles(response) == ["Overdue one", "Soon", world.task.title]
    body = response.content.decode()
    assert "Radio link for door staff" not in body  # BID's task
    assert "Report broken lighting" not in body  # another plan's partner
    assert "Overdue" in body
    assert "To do (3, 1 overdue)" in body
    assert "Finished (1)" in body


def test_tasks_left_on_a_closed_or_withdrawn_plan_are_not_to_do_and_offer_no_updates(
    world, pastors_org, client_for
):
    from plans.models import Stage

    # Their plan has ended: the services refuse any change to them, the reminders and programme
    # figures leave them out, so they are neither to do nor overdue, and no form is offered.
    ended = []
    for state in (Stage.WITHDRAWN, Stage.CLOSED):
        plan = factories.make_plan(owner=world.users["owner"], partners=[pastors_org], state=state)
        ended.append(
            factories.make_task(
                plan, pastors_org, title=f"Late on a {state} plan", due_in_days=-3, state="blocked"
            )
        )
    client = client_for(world.users["partner_on"])
    response = client.get("/tasks/")
    assert not {"Late on a withdrawn plan", "Late on a closed plan"} & set(_titles(response))
    body = response.content.decode()
    assert "To do (1)" in body and "overdue)" not in body and "Finished (2)" in body
    response = client.get("/tasks/?show=finished")
    assert set(_titles(response)) == {"Late on a withdrawn plan", "Late on a closed plan"}
    body = response.content.decode()
    assert "this task stays as it was left and can no longer change" in body
    assert not any(row["forms"] for row in response.context["rows"])
    assert f'action="/tasks/{ended[0].pk}/' not in body
    assert 'govuk-tag--red">Overdue' not in body
    page = client.get(f"/tasks/{ended[1].pk}/").content.decode()
    assert "can no longer change" in page and "Update the task" not in page


def test_finished_tasks_have_their_own_view_latest_first(world, pastors_org, client_for):
    now = timezone.now()
    for title, days_ago, state in (("Older", 9, TaskState.DONE), ("Newer", 1, TaskState.DONE)):
        task = factories.make_task(world.plan, pastors_org, title=title, state=state)
        Task.objects.filter(pk=task.pk).update(completed_at=now - datetime.timedelta(days=days_ago))
    factories.make_task(world.plan, pastors_org, title="Dropped", state=TaskState.CANCELLED)
    response = client_for(world.users["partner_on"]).get("/tasks/?show=finished")
    assert _titles(response) == ["Newer", "Older", "Dropped"]
    body = response.content.decode()
    assert world.task.title not in body  # still to do
    assert 'href="/tasks/?show=finished" aria-current="page">Finished (3)' in body


def test_each_unfinished_task_can_be_started_done_or_blocked_from_its_row(world, client_for):
    """Start is one press; done and blocked are links to their pages (htmx opens the form in the
    row): the list draws no form fields until one is asked for."""
    body = client_for(world.users["partner_on"]).get("/tasks/").content.decode()
    assert f'action="/tasks/{world.task.pk}/start/"' in body
    for name in ("complete", "block"):
        assert f'href="/tasks/{world.task.pk}/{name}/?next=/tasks/"' in body
        assert f'hx-get="/tasks/{world.task.pk}/{name}/?next=/tasks/"' in body
    assert "<textarea" not in body and 'type="file"' not in body


def test_htmx_opens_the_form_in_the_row_and_records_no_consultation(world, client_for):
    from audit.models import Event

    client = client_for(world.users["partner_on"])
    before = Event.objects.count()
    response = client.get(f"/tasks/{world.task.pk}/complete/?next=/tasks/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="task-{world.task.pk}"' in body and "<html" not in body  # the row alone
    assert '<details class="govuk-details" open>' in body
    assert f'hx-post="/tasks/{world.task.pk}/complete/"' in body
    assert 'enctype="multipart/form-data"' in body
    assert f'id="task-{world.task.pk}-note-complete"' in body
    assert '<input type="hidden" name="next" value="/tasks/">' in body
    assert Event.objects.count() == before  # the list that holds the row recorded its view


def test_without_javascript_the_link_opens_the_forms_page(world, client_for):
    response = client_for(world.users["partner_on"]).get(f"/tasks/{world.task.pk}/block/?next=/tasks/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in body and "Mark the task as blocked" in body
    assert '<input type="hidden" name="next" value="/tasks/">' in body  # back to the list after


def test_tasks_of_a_plan_we_left_disappear(world, pastors_org, client_for):
    from plans.partner_services import plan_partner_remove

    plan_partner_remove(actor=world.users["owner"], plan=world.plan, organisation=pastors_org)
    response = client_for(world.users["partner_on"]).get("/tasks/")
    assert _titles(response) == []
    assert "No tasks are assigned to your organisation" in response.content.decode()


def test_when_everything_is_finished_the_page_says_so(world, client_for):
    Task.objects.filter(pk=world.task.pk).update(state=TaskState.DONE, completion_note="Done")
    body = client_for(world.users["partner_on"]).get("/tasks/").content.decode()
    assert "every task assigned to your organisation is finished" in body


def test_a_long_list_comes_a_page_at_a_time(world, pastors_org, client_for):
    for n in range(OUR_TASKS_PAGE_SIZE + 5):
        factories.make_task(world.plan, pastors_org, title=f"Task {n:02d}", due_in_days=n + 15)
    client = client_for(world.users["partner_on"])
    first = client.get("/tasks/")
    assert len(first.context["rows"]) == OUR_TASKS_PAGE_SIZE
    assert _titles(first)[0] == world.task.title  # due soonest
    assert 'href="?page=2" rel="next"' in first.content.decode()
    second = client.get("/tasks/?page=2")
    assert _titles(second) == [
        f"Task {n:02d}" for n in range(OUR_TASKS_PAGE_SIZE - 1, OUR_TASKS_PAGE_SIZE + 5)
    ]
    assert client.get("/tasks/?page=99").context["page"].number == 2  # past the end: the last page
    assert client.get("/tasks/?page=x").context["page"].number == 1


def _grow(world, pastors_org, times):
    for n in range(times):
        plan = factories.make_plan(owner=world.users["owner"], partners=[pastors_org], title=f"Plan {n}")
        response = factories.make_response(plan, pastors_org)
        factories.make_task(plan, pastors_org, response=response, title=f"Task {n}", due_in_days=n - 3)
        factories.make_attachment(
            factories.make_task(plan, pastors_org, title=f"Done {n}", state="done"), world.users["partner_on"]
        )


# session, user, roles, organisation, the counts (the work to do, then all the tasks), a page of
# tasks with their rows, the consultations (the chain head, then one INSERT of an event per plan
# on the page) and the session save (savepoint, update, release); guardian's content-type lookup
# is cached after the first request, so the measured request is the second.
QUERIES = 12


def test_the_query_count_is_pinned(world, pastors_org, client_for, django_assert_max_num_queries):
    _grow(world, pastors_org, 2)
    client = client_for(world.users["partner_on"])
    client.get("/tasks/")
    with django_assert_max_num_queries(QUERIES):
        client.get("/tasks/")


def test_the_query_count_does_not_move_when_the_data_grows_tenfold(
    world, pastors_org, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users["partner_on"])
    _grow(world, pastors_org, 2)
    small = {}
    for address, rows in (("/tasks/", 3), ("/tasks/?show=finished", 2)):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(address).context["rows"]) == rows
        small[address] = len(queries.captured_queries)
    _grow(world, pastors_org, 38)
    for address in small:
        with django_assert_num_queries(small[address]):
            assert len(client.get(address).context["rows"]) == OUR_TASKS_PAGE_SIZE
    # The list to do reads its page with its rows; the finished list its page's ids, then their rows.
    assert small["/tasks/?show=finished"] == small["/tasks/"] + 1
