"""The plan page's history (issue 23): 25 events a page, filtered by kind, the plan's views
counted in one line with the list behind a link, and task pages and "Our tasks" kept in the
trail but never shown as "Viewed the plan". Events are hand-built with log_event."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from audit.models import Event
from audit.services import log_event, log_events
from tests import factories

pytestmark = pytest.mark.django_db


def page(browser, plan, **query):
    response = browser.get(reverse("plans:detail", args=[plan.pk]), query)
    assert response.status_code == 200
    return response


def shown(response) -> list[str]:
    return [event.action for event in response.context["history_page"].object_list]


def updates(plan, actor, n, **fields):
    log_events(
        {
            "action": "plan.update",
            "actor": actor,
            "target": plan,
            "plan": plan,
            "changes": {"title": [None, f"T{i}"]},
        }
        for i in range(n)
    )


@pytest.fixture
def mixed(world):
    """One event of each kind on the plan, and consultations from three people."""
    plan, owner = world.plan, world.users["owner"]
    log_event(action="plan.update", actor=owner, target=plan, plan=plan, changes={"title": ["a", "b"]})
    log_event(
        action="plan.transition",
        actor=owner,
        target=plan,
        plan=plan,
        changes={"state": ["analyse", "respond"]},
    )
    log_event(action="task.start", actor=world.users["partner_on"], target=world.task, plan=plan)
    attachment = factories.make_attachment(world.task, world.users["partner_on"])
    log_event(action="attachment.upload", actor=world.users["partner_on"], target=attachment, plan=plan)
    for user in ("owner", "officer2", "partner_on"):
        for _ in range(3):
            log_event(action="plan.view", actor=world.users[user], target=plan, plan=plan)
    # A task page and "Our tasks": in the trail, never "Viewed the plan".
    log_event(action="task.view", actor=world.users["partner_on"], target=world.task, plan=plan)
    log_event(action="tasks.list_view", actor=world.users["partner_on"], target=plan, plan=plan)
    return world


def test_the_history_pages_25_events_at_a_time(world, client_for):
    updates(world.plan, world.users["owner"], 30)
    browser = client_for(world.users["manager"])
    first = page(browser, world.plan)
    assert len(shown(first)) == 25
    html = first.content.decode()
    assert 'href="?history_page=2#history"' in html and "Older" in html
    second = page(browser, world.plan, history_page=2)
    assert len(shown(second)) >= 5
    newest_first = [e.sequence for e in first.context["history_page"].object_list]
    assert newest_first == sorted(newest_first, reverse=True)
    assert newest_first[-1] > second.context["history_page"].object_list[0].sequence


@pytest.mark.parametrize(
    ("kind", "actions"),
    [
        ("stages", {"plan.transition"}),
        ("tasks", {"task.start"}),
        ("evidence", {"attachment.upload"}),
        ("views", {"plan.view"}),
    ],
)
def test_each_kind_shows_only_its_events(kind, actions, mixed, client_for):
    response = page(client_for(mixed.users["owner"]), mixed.plan, history=kind)
    assert set(shown(response)) == actions
    assert re.search(rf'href="\?history={kind}#history" aria-current="page"', response.content.decode())


def test_changes_are_what_is_not_a_stage_move_task_evidence_or_view(mixed, client_for):
    actions = set(shown(page(client_for(mixed.users["owner"]), mixed.plan, history="changes")))
    assert "plan.update" in actions
    assert not actions & {"plan.transition", "task.start", "attachment.upload", "plan.view", "task.view"}


def test_views_are_counted_in_one_line_not_listed(mixed, client_for):
    browser = client_for(mixed.users["manager"])
    response = page(browser, mixed.plan)
    actions = shown(response)
    assert "plan.view" not in actions
    assert {"plan.update", "plan.transition", "task.start", "attachment.upload"} <= set(actions)
    # Nine hand-built views by three people, and the manager's own, just recorded.
    today = date_format(timezone.localtime(), "j F Y")
    html = response.content.decode()
    assert f"Viewed 10 times by 4 people since {today}." in html
    assert 'href="?history=views#history">See each view' in html
    views = page(browser, mixed.plan, history="views")
    assert shown(views) == ["plan.view"] * 11  # and the one this page wrote
    assert "See each view" not in views.content.decode()


def test_task_pages_and_our_tasks_are_kept_in_the_trail_but_not_on_the_history(mixed, client_for):
    assert (
        Event.objects.filter(plan_id=mixed.plan.pk, action__in=["task.view", "tasks.list_view"]).count() == 2
    )
    browser = client_for(mixed.users["owner"])
    for kind in ("", "changes", "stages", "tasks", "evidence", "views"):
        actions = shown(page(browser, mixed.plan, history=kind))
        assert not {"task.view", "tasks.list_view"} & set(actions), kind
    html = page(browser, mixed.plan, history="views").content.decode()
    assert "Viewed 16 times by 3 people" in html  # 9 hand-built and the owner's 7 pages


def test_a_partner_does_not_read_or_count_police_only_events(mixed, client_for):
    plan = mixed.plan
    log_event(action="plan.update", actor=mixed.users["owner"], target=plan, plan=plan, police_only=True)
    log_event(action="plan.view", actor=mixed.users["owner"], target=plan, plan=plan, police_only=True)
    response = page(client_for(mixed.users["partner_on"]), plan)
    assert all(not event.police_only for event in response.context["history_page"].object_list)
    assert (
        "Viewed 10 times by 3 people" in response.content.decode()
    )  # 9 + their own, not the police-only one


def test_another_organisations_evidence_is_left_out_and_pages_stay_full(world, client_for):
    bid_file = factories.make_attachment(world.other_org_task, world.users["owner"], name="bid.pdf")
    for _ in range(30):
        log_event(action="attachment.download", actor=world.users["owner"], target=bid_file, plan=world.plan)
    updates(world.plan, world.users["owner"], 26)
    browser = client_for(world.users["partner_on"])
    first = page(browser, world.plan)
    assert len(shown(first)) == 25 and "attachment.download" not in shown(first)
    paginator = first.context["history_page"].paginator
    assert (
        paginator.count
        == Event.objects.filter(plan_id=world.plan.pk)
        .exclude(action__in=["plan.view", "attachment.download"])
        .filter(police_only=False)
        .count()
    )
    assert (
        page(client_for(world.users["owner"]), world.plan, history="evidence")
        .context["history_page"]
        .paginator.count
        == 30
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"history": "secrets"}, "does not have, so everything but views is shown"),
        ({"history_page": "abc"}, None),
        ({"history_page": "99999999999999999999"}, None),
        ({"history": "views", "history_page": "-1"}, None),
    ],
)
def test_a_bad_history_address_shows_a_page_not_an_error(query, message, world, client_for):
    response = page(client_for(world.users["owner"]), world.plan, **query)
    if message:
        assert message in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("owner", 200), ("officer2", 200), ("partner_on", 200), ("partner_off", 404), ("manager", 200)],
)
def test_each_persona_gets_the_history_of_a_plan_they_see(persona, status, mixed, client_for):
    response = client_for(mixed.users[persona]).get(
        reverse("plans:detail", args=[mixed.plan.pk]), {"history": "tasks"}
    )
    assert response.status_code == status
    if status == 200:
        assert shown(response) == ["task.start"]


HISTORY_PAGE_QUERIES = 28


@pytest.mark.parametrize("persona", ["owner", "partner_on", "manager"])
@pytest.mark.parametrize("kind", ["", "views", "evidence"])
def test_the_history_pins_its_queries_at_tenfold_events(
    persona, kind, mixed, client_for, django_assert_max_num_queries
):
    browser = client_for(mixed.users[persona])
    url = reverse("plans:detail", args=[mixed.plan.pk])
    updates(mixed.plan, mixed.users["owner"], 5)
    browser.get(url, {"history": kind})
    # 28: the page, plus one read of the names of the people its events name (audit.presentation).
    with django_assert_max_num_queries(HISTORY_PAGE_QUERIES) as small:
        browser.get(url, {"history": kind})
    updates(mixed.plan, mixed.users["owner"], 60)
    for _ in range(60):
        log_event(action="plan.view", actor=mixed.users["officer2"], target=mixed.plan, plan=mixed.plan)
    with django_assert_max_num_queries(HISTORY_PAGE_QUERIES) as large:
        browser.get(url, {"history": kind})
    assert len(large.captured_queries) == len(small.captured_queries)
