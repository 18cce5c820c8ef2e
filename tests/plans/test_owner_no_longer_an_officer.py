"""An owner or co-owner who is no longer an officer is treated the same by every path.

Editing rights are police rights (PRODUCT.md, Permissions): "the plan's owner or a co-owner"
means one still an officer (plans.permissions.owns_plan). Before, adding a source refused such
an owner while creating tasks, adding partners, setting baselines and updating tasks let them
through. Each path is tried through its service twice: while the user is an officer (allowed, so
the check can fail) and after the officer role is taken away (refused, and the refusal recorded).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from audit.models import Event
from hotspots.models import CrimeFamily
from partners.refusals import Refused
from partners.roles import Role
from plans import (
    baseline_services,
    evidence_services,
    part_services,
    partner_services,
    services,
    task_services,
)
from plans.models import Stage
from tests.tasks._files import GOOD, upload

pytestmark = pytest.mark.django_db


def _plan_update(w, actor):
    services.plan_update(
        actor=actor,
        plan=w.plan,
        section="scan",
        data={"problem_statement": "Changed"},
        version=w.plan.version,
    )


def _plan_review(w, actor):
    services.plan_review_record(actor=actor, plan=w.plan, version=w.plan.version)


def _source_add(w, actor):
    part_services.source_add(actor=actor, plan=w.plan, kind="calls", notes="More calls")


def _objective_add(w, actor):
    part_services.objective_add(
        actor=actor, plan=w.plan, impact="eliminate", description="Stop it", measure="Calls"
    )


def _response_add(w, actor):
    part_services.response_add(actor=actor, plan=w.plan, kind="prevention", description="Lighting")


def _baseline(w, actor):
    baseline_services.objective_baseline_from_figures(
        actor=actor,
        objective=w.plan.objectives.get(),
        family=CrimeFamily.objects.get(slug="serious-violence"),
        period=(datetime.date(2018, 10, 1), datetime.date(2018, 12, 31)),
    )


def _move_on(w, actor):
    services.plan_transition(actor=actor, plan=w.plan, transition="start_assessment")


def _send_back(w, actor):
    services.plan_transition(actor=actor, plan=w.plan, transition="send_back", reason="Not ready")


def _partner_add(w, actor):
    from partners.models import Organisation

    wardens = Organisation.objects.get(name="City Street Wardens")
    partner_services.plan_partner_add(actor=actor, plan=w.plan, organisation=wardens)


def _partner_remove(w, actor):
    partner_services.plan_partner_remove(actor=actor, plan=w.plan, organisation=w.other_org_task.organisation)


def _task_create(w, actor):
    task_services.task_create(
        actor=actor,
        plan=w.plan,
        title="Leaflets",
        organisation=w.task.organisation,
        due_date=datetime.date.today() + datetime.timedelta(days=7),
    )


def _task_update(w, actor):
    task_services.task_update(
        actor=actor, task=w.task, title="Renamed", description="", due_date=w.task.due_date
    )


def _task_reassign(w, actor):
    task_services.task_reassign(actor=actor, task=w.task, organisation=w.other_org_task.organisation)


def _task_start(w, actor):
    task_services.task_start(actor=actor, task=w.task)


def _task_cancel(w, actor):
    task_services.task_cancel(actor=actor, task=w.task, reason="Not needed")


def _evidence(w, actor):
    evidence_services.attachment_upload(actor=actor, task=w.task, uploaded=upload("log.pdf", GOOD["log.pdf"]))


PATHS = {
    "edit a section": ("plan.update", _plan_update),
    "record the review": ("plan.update", _plan_review),
    "add a source": ("plan.source_add", _source_add),
    "add an objective": ("plan.objective_add", _objective_add),
    "add a response": ("plan.response_add", _response_add),
    "set a baseline from the figures": ("plan.objective_baseline", _baseline),
    "move the plan on": ("plan.transition", _move_on),
    "send the plan back": ("plan.transition", _send_back),
    "add a partner": ("plan.partner_add", _partner_add),
    "remove a partner": ("plan.partner_remove", _partner_remove),
    "create a task": ("task.assign", _task_create),
    "edit a task": ("task.update", _task_update),
    "reassign a task": ("task.reassign", _task_reassign),
    "start a task": ("task.start", _task_start),
    "cancel a task": ("task.cancel", _task_cancel),
    "add evidence": ("attachment.upload", _evidence),
}
# Cancelling is the owner's alone (PRODUCT.md: "cancelled (by the plan owner)"), not a co-owner's.
OWNER_ONLY = {"cancel a task"}


def _user(world, who):
    if who == "co-owner":
        world.plan.co_owners.add(world.users["officer2"])
        return world.users["officer2"]
    return world.users["owner"]


def _no_longer_an_officer(user):
    user.groups.remove(Group.objects.get(name=Role.OFFICER.value))
    return get_user_model().objects.get(pk=user.pk)  # roles are read once per user object


def _attempt(path, world, actor) -> bool:
    """Whether the service refused for want of permission (other refusals are not this test's)."""
    _action, call = path
    try:
        call(world, actor)
    except Refused:
        return True
    except Exception:  # a condition unmet, a value refused: the permission check was passed
        return False
    return False


# Every path for the owner; every path but the owner's own (cancelling a task) for a co-owner.
OWNERS_AND_PATHS = [
    (name, who) for who in ("owner", "co-owner") for name in PATHS if who == "owner" or name not in OWNER_ONLY
]


@pytest.mark.parametrize(("name", "who"), OWNERS_AND_PATHS)
def test_an_officer_owner_may(name, who, world):
    assert not _attempt(PATHS[name], world, _user(world, who))


@pytest.mark.parametrize(("name", "who"), OWNERS_AND_PATHS)
def test_an_owner_no_longer_an_officer_is_refused_and_recorded(name, who, world):
    actor = _no_longer_an_officer(_user(world, who))
    action, call = PATHS[name]
    with pytest.raises(Refused):
        call(world, actor)
    refused = Event.objects.get(action=f"{action}.refused")
    assert (refused.actor_id, refused.plan_id) == (actor.pk, world.plan.pk)


def test_the_plan_stays_as_it_was(world):
    actor = _no_longer_an_officer(world.users["owner"])
    for path in PATHS.values():
        _attempt(path, world, actor)
    world.plan.refresh_from_db()
    world.task.refresh_from_db()
    assert world.plan.state == Stage.RESPOND and world.plan.problem_statement != "Changed"
    assert world.plan.sources.count() == 1 and world.plan.objectives.count() == 1
    assert world.task.state == "open" and world.task.title != "Renamed"
    assert not world.task.attachments.exists()
