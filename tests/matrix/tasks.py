"""URL matrix rows for partners on a plan, tasks, evidence and comments (plans/task_urls.py).

world.task is Street Pastors' task on world.plan (owner: officer; pastors and BID on it);
world.other_org_task is BID's task on the same plan; world.other_plan_task is City Street
Wardens' task on other_plan (owner: officer2).
"""

import datetime

from django.utils import timezone

from tests import factories

ANON = 302  # sent to sign in


def _all(owner, officer2, partner_on, partner_off, manager, anonymous=ANON):
    return {
        "owner": owner,
        "officer2": officer2,
        "partner_on": partner_on,
        "partner_off": partner_off,
        "manager": manager,
        "anonymous": anonymous,
    }


def _done_task(w):
    from plans.models import Task

    Task.objects.filter(pk=w.task.pk).update(state="done", completion_note="Staffed every weekend")
    return {"pk": w.task.pk}


def _next_week():
    return (timezone.localdate() + datetime.timedelta(days=7)).isoformat()


# Who may manage a plan's partners and tasks: its owner and a manager.
MANAGE = _all(200, 403, 403, 404, 200)
MANAGE_POST = _all(302, 403, 403, 404, 302)
# Who may update Street Pastors' task: its organisation and the plan's owner.
UPDATE = _all(200, 403, 200, 404, 403)
UPDATE_POST = _all(302, 403, 302, 404, 403)
# Street Pastors' lead on BID's task on the same plan: sees it, may not act.
OTHER_ORG_UPDATE = _all(200, 403, 403, 404, 403)
OTHER_ORG_UPDATE_POST = _all(302, 403, 403, 404, 403)


def _task(w):
    return {"pk": w.task.pk}


def _other_org_task(w):
    return {"pk": w.other_org_task.pk}


# A police team's task on `plan`: officer2 is in the team (never a partner on the plan); the
# owner acts on it as on any task of their plan; Street Pastors' lead sees it and may not act.
TEAM_UPDATE = _all(200, 200, 403, 404, 403)
TEAM_UPDATE_POST = _all(302, 302, 403, 404, 403)


def _team(w):
    return factories.make_police_team(members=[w.users["officer2"]])


def _team_task(w):
    return {"pk": factories.make_task(w.plan, _team(w), title="Watch the rank on camera").pk}


def _done_team_task(w):
    task = factories.make_task(w.plan, _team(w), title="Watch the rank on camera", state="done")
    return {"pk": task.pk}


def _team_attachment(w):
    task = factories.make_task(w.plan, _team(w), title="Watch the rank on camera")
    return {"pk": factories.make_attachment(task, w.users["officer2"]).pk}


ROWS = {
    "tasks:detail#team": {"kwargs": _team_task, "expect": _all(200, 200, 200, 404, 200)},
    "tasks:start#team": {
        "kwargs": _team_task,
        "expect": TEAM_UPDATE,
        "post": lambda w: {},
        "post_expect": TEAM_UPDATE_POST,
    },
    "tasks:complete#team": {
        "kwargs": _team_task,
        "expect": TEAM_UPDATE,
        "post": lambda w: {"note": "Watched every weekend night"},
        "post_expect": TEAM_UPDATE_POST,
    },
    "tasks:evidence_add#team": {"kwargs": _team_task, "expect": TEAM_UPDATE},
    # Evidence belongs to the team: police read it, the partners on the plan do not.
    "tasks:attachment_download#team": {"kwargs": _team_attachment, "expect": _all(200, 200, 404, 404, 200)},
    # The team's members correct their own work, as a partner lead does; the owner does not.
    "tasks:reopen#team": {
        "kwargs": _done_team_task,
        "expect": _all(403, 200, 403, 404, 403),
        "post": lambda w: {"reason": "Marked done by mistake"},
        "post_expect": _all(403, 302, 403, 404, 403),
    },
    "tasks:attachment_remove#team": {
        "kwargs": _team_attachment,
        "expect": _all(403, 200, 404, 404, 403),
        "post": lambda w: {"reason": "Wrong file"},
        "post_expect": _all(403, 302, 404, 404, 403),
    },
    # A task goes to a police team without it being put on the plan.
    "tasks:create#team": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": MANAGE,
        "post": lambda w: {
            "title": "Watch the rank on camera",
            "organisation": _team(w).pk,
            "due_date": _next_week(),
        },
        "post_expect": MANAGE_POST,
    },
    # ... and is never put on it as a partner: the form says so (200), nothing is granted.
    "tasks:partner_add#team": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": MANAGE,
        "post": lambda w: {"organisation": _team(w).pk},
        "post_expect": _all(200, 403, 403, 404, 200),
    },
    "tasks:ours": {"kwargs": lambda w: {}, "expect": _all(200, 200, 200, 200, 200)},
    "tasks:detail": {"kwargs": _task, "expect": _all(200, 200, 200, 404, 200)},
    "tasks:detail#other_org": {"kwargs": _other_org_task, "expect": _all(200, 200, 200, 404, 200)},
    "tasks:detail#other_plan": {
        "kwargs": lambda w: {"pk": w.other_plan_task.pk},
        "expect": _all(200, 200, 404, 200, 200),
    },
    "tasks:detail#missing": {"kwargs": lambda w: {"pk": 999999}, "expect": _all(404, 404, 404, 404, 404)},
    "tasks:edit": {
        "kwargs": _task,
        "expect": MANAGE,
        "post": lambda w: {
            "title": "Staff the rank until 04:00",
            "description": "",
            "due_date": _next_week(),
            "version": w.task.version,
        },
        "post_expect": MANAGE_POST,
    },
    "tasks:reassign": {
        "kwargs": _task,
        "expect": MANAGE,
        "post": lambda w: {"organisation": w.other_org_task.organisation_id},
        "post_expect": MANAGE_POST,
    },
    "tasks:start": {"kwargs": _task, "expect": UPDATE, "post": lambda w: {}, "post_expect": UPDATE_POST},
    "tasks:start#other_org": {
        "kwargs": _other_org_task,
        "expect": OTHER_ORG_UPDATE,
        "post": lambda w: {},
        "post_expect": OTHER_ORG_UPDATE_POST,
    },
    "tasks:block": {
        "kwargs": _task,
        "expect": UPDATE,
        "post": lambda w: {"reason": "Volunteers ill"},
        "post_expect": UPDATE_POST,
    },
    "tasks:resume": {"kwargs": _task, "expect": UPDATE},
    "tasks:complete": {
        "kwargs": _task,
        "expect": UPDATE,
        "post": lambda w: {"note": "Staffed every weekend"},
        "post_expect": UPDATE_POST,
    },
    "tasks:complete#other_org": {
        "kwargs": _other_org_task,
        "expect": OTHER_ORG_UPDATE,
        "post": lambda w: {"note": "Done"},
        "post_expect": OTHER_ORG_UPDATE_POST,
    },
    "tasks:cancel": {
        "kwargs": _task,
        "expect": _all(200, 403, 403, 404, 403),
        "post": lambda w: {"reason": "No longer needed"},
        "post_expect": _all(302, 403, 403, 404, 403),
    },
    "tasks:evidence_add": {"kwargs": _task, "expect": UPDATE},
    "tasks:attachment_download": {
        "kwargs": lambda w: {"pk": factories.make_attachment(w.task, w.users["partner_on"]).pk},
        "expect": _all(200, 200, 200, 404, 200),
    },
    "tasks:attachment_download#other_org": {
        "kwargs": lambda w: {"pk": factories.make_attachment(w.other_org_task, w.users["owner"]).pk},
        "expect": _all(200, 200, 404, 404, 200),
    },
    # A partner lead corrects their own organisation's work: nobody else, not even police.
    "tasks:reopen": {
        "kwargs": _done_task,
        "expect": _all(403, 403, 200, 404, 403),
        "post": lambda w: {"reason": "Marked done by mistake"},
        "post_expect": _all(403, 403, 302, 404, 403),
    },
    "tasks:attachment_remove": {
        "kwargs": lambda w: {"pk": factories.make_attachment(w.task, w.users["partner_on"]).pk},
        "expect": _all(403, 403, 200, 404, 403),
        "post": lambda w: {"reason": "Wrong file"},
        "post_expect": _all(403, 403, 302, 404, 403),
    },
    "tasks:attachment_remove#other_org": {
        "kwargs": lambda w: {"pk": factories.make_attachment(w.other_org_task, w.users["owner"]).pk},
        "expect": _all(403, 403, 404, 404, 403),
    },
    "tasks:plan_tasks": {"kwargs": lambda w: {"pk": w.plan.pk}, "expect": _all(200, 200, 200, 404, 200)},
    "tasks:plan_tasks#other": {
        "kwargs": lambda w: {"pk": w.other_plan.pk},
        "expect": _all(200, 200, 404, 200, 200),
    },
    "tasks:create": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": MANAGE,
        "post": lambda w: {
            "title": "Check the CCTV covers the rank",
            "organisation": w.task.organisation_id,
            "due_date": _next_week(),
        },
        "post_expect": MANAGE_POST,
    },
    "tasks:partner_add": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": MANAGE,
        "post": lambda w: {"organisation": w.other_plan_task.organisation_id},
        "post_expect": MANAGE_POST,
    },
    "tasks:partner_remove": {
        "kwargs": lambda w: {"pk": w.plan.pk, "org_pk": w.task.organisation_id},
        "expect": MANAGE,
        "post": lambda w: {},
        "post_expect": MANAGE_POST,
    },
    "tasks:comment_add": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": _all(200, 200, 200, 404, 200),
        "post": lambda w: {"body": "Taxi marshals start next week"},
        "post_expect": _all(302, 302, 302, 404, 302),
    },
    "tasks:comment_add#other": {
        "kwargs": lambda w: {"pk": w.other_plan.pk},
        "expect": _all(200, 200, 404, 200, 200),
        "post": lambda w: {"body": "Seen begging at the bus station", "police_only": "on"},
        "post_expect": _all(302, 302, 404, 302, 302),
    },
}
