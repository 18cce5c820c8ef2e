"""The plan's history on its own page (issue 23; plans:history since issue 24): 25 events a page,
filtered by kind, the plan's views counted in one line with the list behind a link, and task
pages and "Our tasks" kept in the trail but never shown as "Viewed the plan". The plan page
keeps its latest activity and a link here. Events are hand-built with log_event."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from audit.models import Event
from audit.services import log_event, log_events
from tests import factories
from tests.audit.chain import extend_chain

pytestmark = pytest.mark.django_db


def page(browser, plan, **query):
    response = browser.get(reverse("plans:history", args=[plan.pk]), query)
    assert response.status_code == 200
    return response


def shown(response) -> list[str]:
    return [event.action for event in response.context["history_page"].object_list]


def every_page(browser, plan, **query) -> list:
    """The events of every page of the history, following its "Older" link to the last page."""
    events, number = [], 1
    while True:
        history = page(browser, plan, page=number, **query).context["history_page"]
        events += history.object_list
        if not history.has_next:
            return events
        number += 1


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
    total = Event.objects.filter(plan_id=world.plan.pk).exclude(action="plan.view").count()
    browser = client_for(world.users["manager"])
    first = page(browser, world.plan)
    assert len(shown(first)) == 25
    html = first.content.decode()
    assert 'href="?page=2"' in html and "Older" in html and "Newer" not in html
    assert "Events 1 to 25" in html and "Page 1 of" not in html  # the history is not counted
    assert "(events 1 to 25)" in html.split("</title>")[0]
    second = page(browser, world.plan, page=2)
    assert len(shown(second)) == total - 25
    html = second.content.decode()
    assert f"Events 26 to {total}" in html and 'href="?page=1"' in html and "Older" not in html
    newest_first = [e.sequence for e in first.context["history_page"].object_list]
    assert newest_first == sorted(newest_first, reverse=True)
    assert newest_first[-1] > second.context["history_page"].object_list[0].sequence


@pytest.mark.parametrize("asked", ["3", "99999999999999999999"])
def test_a_page_past_the_last_shows_the_last(asked, world, client_for):
    updates(world.plan, world.users["owner"], 30)
    total = Event.objects.filter(plan_id=world.plan.pk).exclude(action="plan.view").count()
    response = page(client_for(world.users["owner"]), world.plan, page=asked)
    history = response.context["history_page"]
    assert (history.number, len(history.object_list), history.has_next) == (2, total - 25, False)
    assert f"Events 26 to {total}" in response.content.decode()


def test_one_page_of_history_has_no_page_links(world, client_for):
    updates(world.plan, world.users["owner"], 3)
    html = page(client_for(world.users["owner"]), world.plan).content.decode()
    assert "govuk-pagination" not in html and "Events 1 to" not in html


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
    response = page(client_for(mixed.users["owner"]), mixed.plan, kind=kind)
    assert set(shown(response)) == actions
    history = reverse("plans:history", args=[mixed.plan.pk])
    assert re.search(rf'href="{history}\?kind={kind}" aria-current="page"', response.content.decode())


def test_changes_are_what_is_not_a_stage_move_task_evidence_or_view(mixed, client_for):
    actions = set(shown(page(client_for(mixed.users["owner"]), mixed.plan, kind="changes")))
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
    assert f'href="/plans/{mixed.plan.pk}/history/?kind=views">See each view' in html
    views = page(browser, mixed.plan, kind="views")
    assert shown(views) == ["plan.view"] * 11  # and the one this page wrote
    assert "See each view" not in views.content.decode()


def test_task_pages_and_our_tasks_are_kept_in_the_trail_but_not_on_the_history(mixed, client_for):
    assert (
        Event.objects.filter(plan_id=mixed.plan.pk, action__in=["task.view", "tasks.list_view"]).count() == 2
    )
    browser = client_for(mixed.users["owner"])
    for kind in ("", "changes", "stages", "tasks", "evidence", "views"):
        actions = shown(page(browser, mixed.plan, kind=kind))
        assert not {"task.view", "tasks.list_view"} & set(actions), kind
    html = page(browser, mixed.plan, kind="views").content.decode()
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
    assert len(every_page(browser, world.plan)) == (
        Event.objects.filter(plan_id=world.plan.pk)
        .exclude(action__in=["plan.view", "attachment.download"])
        .filter(police_only=False)
        .count()
    )
    assert len(every_page(client_for(world.users["owner"]), world.plan, kind="evidence")) == 30


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "secrets"}, "does not have, so everything but views is shown"),
        ({"page": "abc"}, None),
        ({"page": "99999999999999999999"}, None),
        ({"kind": "views", "page": "-1"}, None),
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
        reverse("plans:history", args=[mixed.plan.pk]), {"kind": "tasks"}
    )
    assert response.status_code == status
    if status == 200:
        assert shown(response) == ["task.start"]


def test_opening_the_history_is_a_consultation_of_the_plan(world, client_for):
    # The history shows what was written in the plan, as its page does: recorded the same way.
    views = Event.objects.filter(action="plan.view", plan_id=world.plan.pk)
    before = views.count()
    page(client_for(world.users["partner_on"]), world.plan)
    assert views.count() == before + 1
    assert views.order_by("sequence").last().actor == world.users["partner_on"]
    client_for(world.users["partner_off"]).get(reverse("plans:history", args=[world.plan.pk]))
    assert views.count() == before + 1  # a plan they may not see: 404, nothing recorded
    assert (
        client_for(world.users["owner"]).post(reverse("plans:history", args=[world.plan.pk])).status_code
        == 405
    )
    assert views.count() == before + 1


def test_the_history_page_names_the_plan_and_leads_back_to_it(world, client_for):
    html = page(client_for(world.users["owner"]), world.plan).content.decode()
    assert world.plan.reference in html and world.plan.title in html
    assert f'href="{reverse("plans:detail", args=[world.plan.pk])}"' in html


def test_the_plan_page_shows_the_latest_activity_and_leads_to_the_history(mixed, client_for):
    updates(mixed.plan, mixed.users["owner"], 7)
    response = client_for(mixed.users["owner"]).get(reverse("plans:detail", args=[mixed.plan.pk]))
    latest = response.context["latest_events"]
    newest = Event.objects.filter(plan_id=mixed.plan.pk).exclude(
        action__in=["plan.view", "task.view", "tasks.list_view"]
    )
    assert [e.sequence for e in latest] == list(
        newest.order_by("-sequence").values_list("sequence", flat=True)[:5]
    )
    html = response.content.decode()
    history = reverse("plans:history", args=[mixed.plan.pk])
    assert f'href="{history}">See the full history ({newest.count()} events)</a>' in html
    assert f'href="{history}">the full history</a>' in html  # from the contents list
    assert "Viewed" not in html  # the views are counted on the history page


def test_a_partner_reads_on_the_plan_page_only_what_the_history_shows_them(mixed, client_for):
    log_event(
        action="plan.update", actor=mixed.users["owner"], target=mixed.plan, plan=mixed.plan, police_only=True
    )
    browser = client_for(mixed.users["partner_on"])
    response = browser.get(reverse("plans:detail", args=[mixed.plan.pk]))
    history = page(browser, mixed.plan)
    assert [e.sequence for e in response.context["latest_events"]] == [
        e.sequence for e in history.context["history_page"].object_list[:5]
    ]
    assert response.context["history_count"] == len(every_page(browser, mixed.plan))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"history": "stages"}, "?kind=stages"),
        ({"history": "views", "history_page": "3"}, "?kind=views&page=3"),
        ({"history_page": "2"}, "?page=2"),
        ({"history": ""}, ""),
    ],
)
def test_an_address_of_the_history_on_the_plan_page_opens_the_history_page(
    query, expected, world, client_for
):
    views = Event.objects.filter(action="plan.view", plan_id=world.plan.pk).count()
    response = client_for(world.users["owner"]).get(reverse("plans:detail", args=[world.plan.pk]), query)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:history", args=[world.plan.pk]) + expected
    assert Event.objects.filter(action="plan.view", plan_id=world.plan.pk).count() == views
    assert (
        client_for(world.users["partner_off"])
        .get(reverse("plans:detail", args=[world.plan.pk]), query)
        .status_code
        == 404
    )


# The history page: the session and the user, the reader's groups, the plan, the consultation
# (the reader's organisation and the event), the page of events (never a count of them all),
# the names of the people they name, the views' line, and the session saved; for a partner,
# one more: the evidence their organisation may read.
HISTORY_PAGE_QUERIES = 12


@pytest.mark.parametrize(
    ("persona", "kind"), [("owner", ""), ("partner_on", ""), ("manager", "views"), ("partner_on", "evidence")]
)
def test_the_history_pins_its_queries_at_25_and_at_10000_events(
    persona, kind, mixed, client_for, django_assert_num_queries
):
    browser = client_for(mixed.users[persona])
    url = reverse("plans:history", args=[mixed.plan.pk])
    updates(mixed.plan, mixed.users["owner"], 25 - Event.objects.filter(plan_id=mixed.plan.pk).count() + 20)
    browser.get(url, {"kind": kind})
    expected = HISTORY_PAGE_QUERIES + (persona == "partner_on")
    with django_assert_num_queries(expected) as small:
        assert browser.get(url, {"kind": kind}).status_code == 200
    # Ten thousand events, of every kind the chain helper writes (views, police-only ones among them).
    extend_chain(10_000, actor=mixed.users["officer2"], plan=mixed.plan, police_only_every=7)
    with django_assert_num_queries(expected) as large:
        response = browser.get(url, {"kind": kind})
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    if kind != "evidence":
        assert len(shown(response)) == 25
