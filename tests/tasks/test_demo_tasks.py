"""The demo partners and tasks: three leads, three different sets of plans, tasks in every state."""

import io

from audit.context import as_request
from plans import demo_tasks, services
from plans.demo import DEMO_REQUEST_ID
from plans.models import Task
from plans.selectors import plans_visible_to
from plans.task_selectors import tasks_of_my_organisation


def demo_plan(owner, title="Demo plan"):
    """A plan as the demo makes it: through the service, its events marked as the demo's."""
    with as_request(DEMO_REQUEST_ID):
        return services.plan_create(actor=owner, title=title, hotspot_name="Clock Tower")


def test_without_plans_it_skips_gracefully(personas):
    out = io.StringIO()
    demo_tasks.load(password="x", stdout=out)
    assert "skipped" in out.getvalue()


def test_each_lead_sees_a_different_set_of_plans_and_has_tasks(personas, pastors_org, wardens_org, bid_org):
    for n in range(4):
        demo_plan(personas.officer, title=f"Demo {n}")
    demo_tasks.load(password="x")
    seen = {
        name: frozenset(plans_visible_to(getattr(personas, name)).values_list("pk", flat=True))
        for name in ("pastors", "wardens", "bid")
    }
    assert len(set(seen.values())) == 3 and all(seen.values())
    for name in ("pastors", "wardens", "bid"):
        tasks = tasks_of_my_organisation(getattr(personas, name))
        assert tasks.exists()
    states = set(Task.objects.values_list("state", flat=True))
    assert {"done", "in_progress", "open", "blocked"} <= states
    assert any(task.is_overdue for task in Task.objects.all())


def test_running_it_again_adds_nothing(personas, pastors_org, wardens_org, bid_org):
    demo_plan(personas.officer)
    demo_plan(personas.officer2)
    demo_tasks.load(password="x")
    count = Task.objects.count()
    demo_tasks.load(password="x")
    assert Task.objects.count() == count


def test_a_plan_the_demo_did_not_make_gets_no_partners_nor_tasks(personas, pastors_org, wardens_org, bid_org):
    demo_plan(personas.officer)
    theirs = services.plan_create(actor=personas.officer, title="Their own", hotspot_name="Haymarket")
    demo_tasks.load(password="x")
    assert not theirs.partner_links.exists() and not theirs.tasks.exists()
    assert Task.objects.exists()
