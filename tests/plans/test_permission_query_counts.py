"""The rules add no query to the writes they guard: each service's count is pinned, as it was
before the checks moved into the permissions modules (the benchmark's transition measure is near
its limit). Fresh user objects: the roles are read once, as in a request."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.roles import permission_id
from plans import services, task_services

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a request has it: roles not yet read."""
    return get_user_model().objects.get(pk=user.pk)


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_a_transition_by_the_owner(world):
    owner = _fresh(world.users["owner"])
    assert (
        _count(
            lambda: services.plan_transition(
                actor=owner, plan=world.plan, transition="send_back", reason="Again"
            )
        )
        == TRANSITION
    )


def test_a_transition_by_a_manager(world):
    manager = _fresh(world.users["manager"])
    assert (
        _count(
            lambda: services.plan_transition(
                actor=manager, plan=world.plan, transition="send_back", reason="Again"
            )
        )
        == TRANSITION_BY_MANAGER
    )


def test_a_task_started_by_its_organisation(world):
    lead = _fresh(world.users["partner_on"])
    # The permission's id is read once per process (partners.roles.permission_id); a running
    # server has it, so the count is pinned with it read, whatever ran before in this worker.
    permission_id("plans.change_task")
    assert _count(lambda: task_services.task_start(actor=lead, task=world.task)) == TASK_START


def test_a_section_saved_by_the_owner(world):
    owner = _fresh(world.users["owner"])
    assert (
        _count(
            lambda: services.plan_update(
                actor=owner,
                plan=world.plan,
                section="scan",
                data={"problem_statement": "New"},
                version=world.plan.version,
            )
        )
        == SECTION
    )


# Measured on the code before the rules (main at 7ac7bff): 7, 7, 11 and 9. Starting a task was
# one fewer with the rules (a partner lead is no officer, so the plan's co-owners are not read),
# and one fewer again with main's later changes to the task services.
TRANSITION = 7
TRANSITION_BY_MANAGER = 7
TASK_START = 9
SECTION = 9
