"""Pages that show a plan's tasks record a consultation of the plan (PRODUCT.md, Audit trail):
the task page, the task's form pages (`task.view`), and "Our tasks" (`tasks.list_view`, one
event per plan it shows). Each has its own action, so the plan's history does not count them
as "Viewed the plan" (issue 23)."""

import pytest
from django.urls import reverse

from audit import integrity
from audit.models import Event
from audit.selectors import CONSULTATION_ACTIONS
from audit.services import log_events
from plans.models import Task, TaskState
from plans.timeline import plan_timeline
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def head() -> int:
    return Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def new_events(before: int) -> list[Event]:
    return list(Event.objects.filter(sequence__gt=before).order_by("sequence"))


def views(before: int) -> list[Event]:
    return [e for e in new_events(before) if e.action in CONSULTATION_ACTIONS]


def _is_task(event: Event, task) -> bool:
    return (event.target_type, event.target_id) == ("plans.task", str(task.pk))


# The task page and its forms -------------------------------------------------------------


@pytest.mark.parametrize("which", ["task", "other_org_task"])
def test_the_task_page_is_a_consultation_of_its_plan(world, client_for, which):
    task = getattr(world, which)  # its own organisation's task, and another one's it may read
    client = client_for(world.users["partner_on"])
    before = head()
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 200
    [event] = views(before)
    assert event.action == "task.view"
    assert event.actor == world.users["partner_on"]
    assert event.plan_id == world.plan.pk
    assert _is_task(event, task) and event.target_label == task.title
    integrity.verify_chain()


def test_a_task_page_refused_with_404_records_nothing(world, client_for):
    client = client_for(world.users["partner_off"])
    before = head()
    response = client.get(reverse("tasks:detail", args=[world.task.pk]))
    assert response.status_code == 404
    assert new_events(before) == []


@pytest.mark.parametrize(
    ("name", "persona", "state"),
    [
        ("start", "partner_on", TaskState.OPEN),
        ("block", "partner_on", TaskState.IN_PROGRESS),
        ("resume", "partner_on", TaskState.BLOCKED),
        ("complete", "partner_on", TaskState.IN_PROGRESS),
        ("cancel", "owner", TaskState.OPEN),
        ("evidence_add", "partner_on", TaskState.OPEN),
        ("edit", "owner", TaskState.OPEN),
        ("reassign", "manager", TaskState.OPEN),
    ],
)
def test_each_form_page_about_a_task_is_a_consultation(world, client_for, name, persona, state):
    fields = {"blocked_reason": "Volunteers ill"} if state == TaskState.BLOCKED else {}
    Task.objects.filter(pk=world.task.pk).update(state=state, **fields)
    client = client_for(world.users[persona])
    before = head()
    response = client.get(reverse(f"tasks:{name}", args=[world.task.pk]))
    assert response.status_code == 200
    assert world.task.title in response.content.decode()
    [event] = views(before)
    assert event.action == "task.view"
    assert event.actor == world.users[persona]
    assert event.plan_id == world.plan.pk and _is_task(event, world.task)


def test_a_form_page_refused_with_403_shows_nothing_and_records_no_consultation(world, client_for):
    client = client_for(world.users["partner_on"])
    before = head()
    url = reverse("tasks:start", args=[world.other_org_task.pk])  # BID's task: pastors read it only
    assert client.get(url).status_code == 403
    assert views(before) == []


def test_an_htmx_update_records_its_change_and_no_second_consultation(world, client_for):
    client = client_for(world.users["partner_on"])
    client.get(reverse("tasks:ours"))  # the page the row is on recorded the consultation
    before = head()
    response = client.post(
        reverse("tasks:start", args=[world.task.pk]), {"next": reverse("tasks:ours")}, **HTMX
    )
    assert response.status_code == 200 and f'id="task-{world.task.pk}"' in response.content.decode()
    assert [e.action for e in new_events(before)] == ["task.start"]


def test_an_htmx_form_sent_back_with_its_errors_records_nothing(world, client_for):
    client = client_for(world.users["partner_on"])
    before = head()
    response = client.post(reverse("tasks:block", args=[world.task.pk]), {"reason": ""}, **HTMX)
    assert response.status_code == 200 and "govuk-error-message" in response.content.decode()
    assert new_events(before) == []


def test_a_form_page_shown_again_after_a_post_records_no_second_consultation(world, client_for):
    client = client_for(world.users["partner_on"])
    client.get(reverse("tasks:block", args=[world.task.pk]))
    before = head()
    response = client.post(reverse("tasks:block", args=[world.task.pk]), {"reason": ""})
    assert response.status_code == 200
    assert new_events(before) == []


# Our tasks -------------------------------------------------------------------------------


def test_our_tasks_records_one_consultation_per_plan_it_shows(world, pastors_org, client_for):
    second_plan = factories.make_plan(owner=world.users["owner"], partners=[pastors_org], title="Second")
    second_task = factories.make_task(second_plan, pastors_org, title="Walk the precinct", due_in_days=1)
    third_task = factories.make_task(world.plan, pastors_org, title="Brief the door staff", due_in_days=3)
    client = client_for(world.users["partner_on"])
    before = head()
    response = client.get(reverse("tasks:ours"))
    assert response.status_code == 200
    events = views(before)
    assert len(new_events(before)) == len(events) == 2
    by_plan = {e.plan_id: e for e in events}
    assert set(by_plan) == {world.plan.pk, second_plan.pk}
    for plan, tasks in ((world.plan, [world.task, third_task]), (second_plan, [second_task])):
        event = by_plan[plan.pk]
        assert event.action == "tasks.list_view"
        assert event.actor == world.users["partner_on"]
        assert (event.target_type, event.target_id) == ("plans.plan", str(plan.pk))
        assert sorted(event.changes["tasks"][1]) == sorted(task.pk for task in tasks)
    assert len({e.request_id for e in events}) == 1 and events[0].request_id  # one request
    integrity.verify_chain()


def test_the_finished_tasks_view_is_a_consultation_too(world, pastors_org, client_for):
    done = factories.make_task(world.plan, pastors_org, title="Staffed at Easter", state=TaskState.DONE)
    client = client_for(world.users["partner_on"])
    before = head()
    client.get(reverse("tasks:ours") + "?show=finished")
    [event] = views(before)
    assert event.action == "tasks.list_view"
    assert event.plan_id == world.plan.pk and event.changes["tasks"] == [None, [done.pk]]


def test_an_empty_our_tasks_page_records_nothing(world, client_for):
    Task.objects.filter(pk=world.task.pk).update(state=TaskState.DONE, completion_note="Done")
    client = client_for(world.users["partner_on"])
    before = head()
    client.get(reverse("tasks:ours"))
    assert new_events(before) == []


def test_the_plan_timeline_shows_who_read_its_tasks(world, client_for):
    client_for(world.users["partner_on"]).get(reverse("tasks:detail", args=[world.task.pk]))
    [newest] = plan_timeline(plan=world.plan, user=world.users["owner"], limit=1)
    assert newest.action == "task.view" and newest.actor == world.users["partner_on"]
    assert newest.target_label == world.task.title


# Several events at once -----------------------------------------------------------------


def test_log_events_chains_its_events_in_one_insert(world, django_assert_num_queries):
    officer = world.users["owner"]
    entries = [
        {"action": "plan.view", "actor": officer, "target": plan, "plan": plan}
        for plan in (world.plan, world.other_plan)
    ]
    before = head()
    events = log_events(entries * 3)
    assert [e.sequence for e in events] == list(range(before + 1, before + 7))
    assert [e.pk for e in new_events(before)] == [e.pk for e in events]
    assert all(e.prev_hash == p.hash for p, e in zip(events, events[1:], strict=False))
    integrity.verify_chain()
    with django_assert_num_queries(2):  # the head, and one INSERT (the actor's organisation is cached)
        log_events(entries * 10)
    integrity.verify_chain()


def test_log_events_takes_no_personal_values(world):
    with pytest.raises(TypeError):
        log_events([{"action": "plan.update", "plan": world.plan, "personal": ["victim_details"]}])
    assert log_events([]) == []
