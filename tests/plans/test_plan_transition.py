"""Every transition tried by every persona: allowed or refused exactly as PRODUCT.md says."""

import pytest
from django.urls import reverse

from audit.models import Event
from partners.refusals import Refused
from plans import services
from plans.models import Plan, Stage, Task

from .helpers import ready_plan

pytestmark = pytest.mark.django_db

OWNER = {"owner": "ok", "officer2": 403, "partner_on": 403, "partner_off": 404, "manager": 403}
MANAGER = {"owner": 403, "officer2": 403, "partner_on": 403, "partner_off": 404, "manager": "ok"}
OWNER_OR_MANAGER = {"owner": "ok", "officer2": 403, "partner_on": 403, "partner_off": 404, "manager": "ok"}

# (transition, from, to, who)
CASES = [
    ("start_analysis", Stage.SCAN, Stage.ANALYSE, OWNER),
    ("start_response", Stage.ANALYSE, Stage.RESPOND, OWNER),
    ("start_assessment", Stage.RESPOND, Stage.ASSESS, OWNER),
    ("close", Stage.ASSESS, Stage.CLOSED, MANAGER),
    ("send_back", Stage.ANALYSE, Stage.SCAN, OWNER_OR_MANAGER),
    ("send_back", Stage.RESPOND, Stage.ANALYSE, OWNER_OR_MANAGER),
    ("send_back", Stage.ASSESS, Stage.RESPOND, OWNER_OR_MANAGER),
    ("reopen", Stage.CLOSED, Stage.ASSESS, MANAGER),
    ("withdraw", Stage.SCAN, Stage.WITHDRAWN, MANAGER),
    ("withdraw", Stage.RESPOND, Stage.WITHDRAWN, MANAGER),
    ("withdraw", Stage.ASSESS, Stage.WITHDRAWN, MANAGER),
]
PERSONAS = ["owner", "officer2", "partner_on", "partner_off", "manager", "anonymous"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "source", "target", "who"), CASES, ids=[f"{c[0]}-from-{c[1]}" for c in CASES]
)
def test_each_persona_is_allowed_or_refused_as_the_table_says(
    name, source, target, who, persona, world, client, client_for
):
    plan = ready_plan(world, source)
    user = world.users[persona]
    browser = client_for(user) if user else client
    url = reverse("plans:transition", kwargs={"pk": plan.pk, "name": name})
    events = Event.objects.count()
    response = browser.post(url, {"expected_state": source, "reason": "Baseline figures were wrong"})
    plan.refresh_from_db()
    expected = who.get(persona, "sign-in")
    if expected == "ok":
        assert response.status_code == 302
        assert response["Location"] == reverse("plans:detail", kwargs={"pk": plan.pk})
        assert plan.state == target
        event = Event.objects.filter(action="plan.transition").last()
        finished = target in (Stage.CLOSED, Stage.WITHDRAWN)
        review = [None, plan.retention_review_date.isoformat()] if finished else None
        assert event.changes == {
            "state": [source, target],
            **({"retention_review_date": review} if finished else {}),
        }
        assert event.actor == user
        assert event.reason == "Baseline figures were wrong"
    elif expected == "sign-in":
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]
        assert plan.state == source
        assert Event.objects.count() == events
    else:
        assert response.status_code == expected
        assert plan.state == source


@pytest.mark.parametrize("persona", ["officer2", "partner_on", "manager"])
def test_the_service_refuses_an_officer_step_to_anyone_but_the_owner(persona, world):
    plan = ready_plan(world, Stage.RESPOND)
    with pytest.raises(Refused):
        services.plan_transition(actor=world.users[persona], plan=plan, transition="start_assessment")
    refused = Event.objects.last()
    assert refused.action == "plan.transition.refused"
    assert refused.actor == world.users[persona]
    plan.refresh_from_db()
    assert plan.state == Stage.RESPOND


def test_a_co_owner_may_move_the_plan_on(world, client_for):
    plan = ready_plan(world, Stage.RESPOND)
    plan.co_owners.add(world.users["officer2"])
    response = client_for(world.users["officer2"]).post(
        reverse("plans:transition", kwargs={"pk": plan.pk, "name": "start_assessment"}),
        {"expected_state": Stage.RESPOND},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == Stage.ASSESS


def test_a_global_change_permission_does_not_open_the_plan(world, client_for):
    from django.contrib.auth.models import Permission

    officer2 = world.users["officer2"]
    officer2.user_permissions.add(*Permission.objects.filter(codename__in=["change_plan", "view_plan"]))
    plan = ready_plan(world, Stage.RESPOND)
    response = client_for(officer2).post(
        reverse("plans:transition", kwargs={"pk": plan.pk, "name": "start_assessment"}),
        {"expected_state": Stage.RESPOND},
    )
    assert response.status_code == 403


def test_unmet_conditions_are_shown_by_name_and_nothing_moves(world, client_for):
    # The world plan in Respond: its task linked to a response is still open.
    plan = world.plan
    response = client_for(world.users["owner"]).post(
        reverse("plans:transition", kwargs={"pk": plan.pk, "name": "start_assessment"}),
        {"expected_state": Stage.RESPOND},
    )
    # 409: the plan is not in a state to take the step; the error summary links to the tasks.
    assert response.status_code == 409
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert (
        f'href="/plans/{plan.pk}/#tasks">Finish or cancel every task that is still open or in progress'
        in html
    )
    plan.refresh_from_db()
    assert plan.state == Stage.RESPOND


def test_the_confirmation_page_lists_what_is_missing_before_the_button_is_pressed(world, client_for):
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.ANALYSE, pat_victim="")
    world.plan.objectives.update(baseline=None)
    html = (
        client_for(world.users["owner"])
        .get(reverse("plans:transition", kwargs={"pk": world.plan.pk, "name": "start_response"}))
        .content.decode()
    )
    assert "Write the victim side of the problem analysis triangle" in html
    assert "Add at least one SMART objective with a baseline" in html


@pytest.mark.parametrize("name", ["send_back", "withdraw"])
def test_a_step_that_needs_a_reason_refuses_an_empty_one(name, world, client_for):
    plan = ready_plan(world, Stage.RESPOND)
    response = client_for(world.users["manager"]).post(
        reverse("plans:transition", kwargs={"pk": plan.pk, "name": name}),
        {"expected_state": Stage.RESPOND, "reason": "   "},
    )
    assert response.status_code == 200
    assert "Enter a reason" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == Stage.RESPOND


def test_the_service_refuses_an_empty_reason_too(world):
    plan = ready_plan(world, Stage.CLOSED)
    with pytest.raises(services.TransitionBlocked) as blocked:
        services.plan_transition(actor=world.users["manager"], plan=plan, transition="reopen", reason=" ")
    assert blocked.value.unmet == ["Give a reason"]


def test_a_second_press_after_the_plan_moved_says_where_it_went(world, client_for):
    plan = ready_plan(world, Stage.RESPOND)
    services.plan_transition(actor=world.users["owner"], plan=plan, transition="start_assessment")
    response = client_for(world.users["manager"]).post(
        reverse("plans:transition", kwargs={"pk": plan.pk, "name": "withdraw"}),
        {"expected_state": Stage.RESPOND, "reason": "No longer a hotspot"},
    )
    # 409 on the same page, in its error summary, not a redirect with a passing message.
    assert response.status_code == 409
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "This plan has just moved to Assess: nothing was changed" in html
    plan.refresh_from_db()
    assert plan.state == Stage.ASSESS


def test_close_records_when_and_reopen_clears_it(world):
    plan = ready_plan(world, Stage.ASSESS)
    plan = services.plan_transition(actor=world.users["manager"], plan=plan, transition="close")
    assert plan.closed_at is not None
    plan = services.plan_transition(
        actor=world.users["manager"], plan=plan, transition="reopen", reason="New figures arrived"
    )
    assert plan.state == Stage.ASSESS
    assert plan.closed_at is None


def test_a_plan_reopened_long_after_its_last_review_is_due_for_one_28_days_on(world):
    import datetime

    from django.utils import timezone

    from audit.models import Event
    from plans.models import Plan

    plan = ready_plan(world, Stage.ASSESS)
    plan = services.plan_transition(actor=world.users["manager"], plan=plan, transition="close")
    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    Plan.objects.filter(pk=plan.pk).update(start_date=long_ago, next_review_date=long_ago)
    plan.refresh_from_db()
    plan = services.plan_transition(
        actor=world.users["manager"], plan=plan, transition="reopen", reason="New figures arrived"
    )
    plan.refresh_from_db()
    due = timezone.localdate() + datetime.timedelta(days=28)
    assert plan.next_review_date == due and not plan.review_overdue
    event = Event.objects.filter(action="plan.transition").last()
    assert event.changes["next_review_date"] == [long_ago.isoformat(), due.isoformat()]


def test_a_step_not_possible_from_this_stage_is_explained(world, client_for):
    response = client_for(world.users["manager"]).get(
        reverse("plans:transition", kwargs={"pk": world.plan.pk, "name": "close"})
    )
    assert response.status_code == 200
    assert "this step is not possible from there" in response.content.decode()


def test_an_unknown_step_is_404(world, client_for):
    response = client_for(world.users["owner"]).get(
        reverse("plans:transition", kwargs={"pk": world.plan.pk, "name": "delete"})
    )
    assert response.status_code == 404


def test_open_tasks_block_assessment_even_outside_a_response(world):
    plan = ready_plan(world, Stage.RESPOND)
    Task.objects.filter(pk=world.other_org_task.pk).update(state="in_progress")
    assert plan.unmet_conditions("start_assessment") == [
        "Finish or cancel every task that is still open or in progress"
    ]
