"""The check page before a stage move that changes what partners see: start the response, close,
withdraw. It says what will happen; the plan moves only when the user confirms it there."""

import pytest
from django.urls import reverse

from audit.models import Event
from plans.models import ClosureRequest, Plan, Stage, Task, TaskState

from .helpers import ready_plan

pytestmark = pytest.mark.django_db


def _url(plan, name):
    return reverse("plans:stage_check", kwargs={"pk": plan.pk, "name": name})


def test_the_plan_page_buttons_for_partner_visible_moves_lead_to_the_check_page(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    page = (
        client_for(world.users["manager"])
        .get(reverse("plans:detail", kwargs={"pk": plan.pk}))
        .content.decode()
    )
    assert f'href="{_url(plan, "close")}"' in page
    assert f'href="{_url(plan, "withdraw")}"' in page
    # A move partners do not notice keeps its own page.
    assert f'href="{reverse("plans:transition", kwargs={"pk": plan.pk, "name": "send_back"})}"' in page


def test_start_response_says_which_partners_get_which_tasks_and_moves_only_on_confirming(world, client_for):
    plan = ready_plan(world, Stage.ANALYSE)
    Task.objects.filter(pk=world.task.pk).update(state=TaskState.OPEN, completion_note="")
    browser = client_for(world.users["owner"])
    events = Event.objects.filter(action="plan.transition").count()
    page = browser.get(_url(plan, "start_response"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Check before you start the response" in text
    assert "Analyse now, Respond after this step" in text
    assert "Street Pastors" in text and "BID Leicester" in text
    assert f"1 task to do, on their \u201cOur tasks\u201d page: \u201c{world.task.title}\u201d" in text
    assert "No task for them yet" in text  # BID's only task is done
    plan.refresh_from_db()
    assert plan.state == Stage.ANALYSE  # looking moves nothing
    assert Event.objects.filter(action="plan.transition").count() == events

    response = browser.post(_url(plan, "start_response"), {"step": "confirm", "expected_state": "analyse"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == Stage.RESPOND
    event = Event.objects.filter(action="plan.transition").last()
    assert event.changes == {"state": ["analyse", "respond"]}


def test_close_says_what_partners_lose_and_answers_the_waiting_request(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    Task.objects.filter(pk=world.other_org_task.pk).update(
        state=TaskState.BLOCKED, blocked_reason="No radios"
    )
    ClosureRequest.objects.create(plan=plan, requested_by=world.users["owner"])
    browser = client_for(world.users["manager"])
    text = browser.get(_url(plan, "close")).content.decode()
    assert "can no longer update its tasks or add evidence to them" in text
    assert (
        f"1 unfinished task leaves the tasks to do on their \u201cOur tasks\u201d page: \u201c{world.other_org_task.title}\u201d"
        in text
    )
    assert "Effective" in text and "Violence fell by a third" in text
    assert "request to close the plan is answered" in text
    # The manager may not edit the outcome: no Change link to a form they would be refused.
    assert reverse("plans:edit", kwargs={"pk": plan.pk, "section": "assess"}) not in text
    response = browser.post(
        _url(plan, "close"), {"step": "confirm", "expected_state": "assess", "note": "Good work"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == Stage.CLOSED
    event = Event.objects.filter(action="plan.transition").last()
    assert event.reason == "Good work"
    assert event.changes["closure_request"] == ["waiting", "closed"]


def test_withdraw_asks_the_reason_first_shows_it_with_a_change_link_and_records_it(world, client_for):
    plan = world.plan  # in Respond, with unfinished tasks
    browser = client_for(world.users["manager"])
    first = browser.get(_url(plan, "withdraw"))
    assert "Why is the plan being withdrawn?" in first.content.decode()
    empty = browser.post(_url(plan, "withdraw"), {"step": "reason", "reason": "  "})
    assert "Enter why the plan is being withdrawn" in empty.content.decode()
    sent = browser.post(_url(plan, "withdraw"), {"step": "reason", "reason": "Funding ended"})
    assert sent.status_code == 302 and sent["Location"] == _url(plan, "withdraw")
    text = browser.get(_url(plan, "withdraw")).content.decode()
    assert "Funding ended" in text
    assert 'href="?change=reason"' in text
    assert "Tasks that stop unfinished" in text and world.task.title in text
    change = browser.get(_url(plan, "withdraw") + "?change=reason").content.decode()
    assert "Funding ended</textarea>" in change  # the answer given, ready to change
    browser.post(_url(plan, "withdraw"), {"step": "reason", "reason": "Funding ended in March"})
    plan.refresh_from_db()
    assert plan.state == Stage.RESPOND
    response = browser.post(_url(plan, "withdraw"), {"step": "confirm", "expected_state": "respond"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == Stage.WITHDRAWN
    assert Event.objects.filter(action="plan.transition").last().reason == "Funding ended in March"
    # The reason is forgotten once used: a second withdrawal would ask again.
    assert browser.session.get(f"stage-check:{plan.pk}:withdraw") is None


def test_a_confirm_after_someone_else_moved_the_plan_changes_nothing_and_says_so(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    browser = client_for(world.users["manager"])
    response = browser.post(_url(plan, "close"), {"step": "confirm", "expected_state": "respond"})
    assert response.status_code == 409
    assert "nothing was changed" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == Stage.ASSESS


def test_unmet_conditions_are_named_and_there_is_no_button(world, client_for):
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.ASSESS)
    plan = Plan.objects.get(pk=world.plan.pk)
    browser = client_for(world.users["manager"])
    response = browser.get(_url(plan, "close"))
    text = response.content.decode()
    assert "Choose the outcome verdict" in text
    assert 'name="step" value="confirm"' not in text
    blocked = browser.post(_url(plan, "close"), {"step": "confirm", "expected_state": "assess"})
    assert blocked.status_code == 409
    plan.refresh_from_db()
    assert plan.state == Stage.ASSESS


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on"])
def test_only_a_manager_reaches_the_close_check(persona, world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    response = client_for(world.users[persona]).post(
        _url(plan, "close"), {"step": "confirm", "expected_state": "assess"}
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.state == Stage.ASSESS


def test_partner_off_the_plan_gets_404_and_an_unchecked_step_is_404(world, client_for):
    assert client_for(world.users["partner_off"]).get(_url(world.plan, "withdraw")).status_code == 404
    assert client_for(world.users["owner"]).get(_url(world.plan, "send_back")).status_code == 404


def test_a_step_not_possible_from_here_says_so(world, client_for):
    response = client_for(world.users["owner"]).get(_url(world.plan, "start_response"))
    assert "this step is not possible from there" in response.content.decode()
