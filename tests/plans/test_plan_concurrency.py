"""Two people at once, on PostgreSQL with real row locks: one wins, the other is told why."""

import threading

import pytest
from django.db import connection

from audit.models import Event
from plans import services
from plans.models import Plan, Stage

from .helpers import ready_plan

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def race(*calls):
    """Run the calls in threads released together; each result is a value or the exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001  (the test inspects what each thread got)
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_presses_of_the_same_button_move_the_plan_once(world):
    plan = ready_plan(world, Stage.RESPOND)
    owner = world.users["owner"]

    def press():
        stale = Plan.objects.get(pk=plan.pk)
        return services.plan_transition(actor=owner, plan=stale, transition="start_assessment")

    results = race(press, press)
    moved = [r for r in results if isinstance(r, Plan)]
    conflicts = [r for r in results if isinstance(r, services.TransitionConflict)]
    assert len(moved) == 1 and len(conflicts) == 1, results
    assert str(conflicts[0]) == "This plan has just moved to Assess"
    plan.refresh_from_db()
    assert plan.state == Stage.ASSESS
    assert Event.objects.filter(action="plan.transition", plan_id=plan.pk).count() == 1


def test_a_manager_and_the_owner_pressing_different_buttons_get_one_change(world):
    plan = ready_plan(world, Stage.RESPOND)

    def owner_moves_on():
        return services.plan_transition(
            actor=world.users["owner"], plan=plan, transition="start_assessment", expected_state=Stage.RESPOND
        )

    def manager_withdraws():
        return services.plan_transition(
            actor=world.users["manager"],
            plan=plan,
            transition="withdraw",
            reason="Funding ended",
            expected_state=Stage.RESPOND,
        )

    results = race(owner_moves_on, manager_withdraws)
    assert sum(isinstance(r, Plan) for r in results) == 1, results
    assert sum(isinstance(r, services.TransitionConflict) for r in results) == 1, results


def test_two_stale_edits_give_one_save_and_one_conflict(world):
    plan = world.plan
    plan.co_owners.add(world.users["officer2"])

    def save(actor, text):
        return lambda: services.plan_update(
            actor=actor, plan=plan, section="scan", data={"problem_statement": text}, version=1
        )

    results = race(save(world.users["owner"], "Priya's words"), save(world.users["officer2"], "Tom's words"))
    saved = [r for r in results if isinstance(r, Plan)]
    conflicts = [r for r in results if isinstance(r, services.EditConflict)]
    assert len(saved) == 1 and len(conflicts) == 1, results
    assert conflicts[0].changed == ["problem_statement"]
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.problem_statement == saved[0].problem_statement
    assert conflicts[0].current["problem_statement"] == plan.problem_statement


def test_two_plans_opened_at_once_get_different_references(world):
    officer = world.users["owner"]

    def create(title):
        return lambda: services.plan_create(actor=officer, title=title, hotspot_name="Clock Tower")

    results = race(create("First"), create("Second"), create("Third"))
    assert all(isinstance(r, Plan) for r in results), results
    assert len({r.reference for r in results}) == 3


def test_the_same_form_sent_twice_at_once_opens_one_plan(world):
    import uuid

    from plans.submissions import AlreadySubmitted

    owner, token = world.users["owner"], uuid.uuid4()

    def send():
        return services.plan_create(actor=owner, title="Sent twice", hotspot_name="Rank", submission=token)

    results = race(send, send)
    opened = [r for r in results if isinstance(r, Plan)]
    repeats = [r for r in results if isinstance(r, AlreadySubmitted)]
    assert len(opened) == 1 and len(repeats) == 1, results
    assert repeats[0].plan_id == opened[0].pk
    assert Plan.objects.filter(title="Sent twice").count() == 1
    assert Event.objects.filter(action="plan.create", plan_id=opened[0].pk).count() == 1
