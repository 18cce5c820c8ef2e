"""Demo partners and tasks on the demo plans, added through the services. Safe to run again.

Street Pastors, City Street Wardens and BID Leicester each join a different set of plans,
so `pastors`, `wardens` and `bid` each see different plans, and each gets tasks: some done,
some overdue, some in progress, one blocked.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from audit.context import as_request
from partners.models import Organisation

from . import partner_services, task_services
from .demo import DEMO_REQUEST_ID, demo_plans
from .models import PlanPartner, Stage, Task, TaskState

PASTORS, WARDENS, BID = "Street Pastors", "City Street Wardens", "BID Leicester"

# Which partners join the n-th open plan (cycled): every lead sees a different set.
PARTNER_SETS = [
    [PASTORS, BID],
    [WARDENS],
    [PASTORS, WARDENS],
    [BID],
]

# title, due in days (negative: overdue), what happens to it
TASKS = {
    PASTORS: [
        ("Patrol the taxi rank on Friday and Saturday nights", -10, TaskState.IN_PROGRESS),
        ("Hand out flip-flops and water at closing time", 7, TaskState.DONE),
        ("Report vulnerable people to the night-time hub", -3, TaskState.OPEN),
    ],
    WARDENS: [
        ("Report broken street lighting on the approach roads", -5, TaskState.OPEN),
        ("Clear drug litter from the alley each morning", 14, TaskState.IN_PROGRESS),
        ("Issue community protection warnings for street drinking", 21, TaskState.BLOCKED),
    ],
    BID: [
        ("Brief door staff on the radio link scheme", 10, TaskState.DONE),
        ("Ask shops to share CCTV footage within 48 hours", -7, TaskState.OPEN),
    ],
}


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def load(*, password: str, stdout=None) -> None:
    """Put the three partners on the demo plans still being worked on and give each its tasks.

    Only plans the demo made: a plan an officer made since is never given demo partners."""
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[PASTORS, WARDENS, BID])}
    # Plans in Assess or later have finished their tasks: new work goes on plans before that.
    plans = list(
        demo_plans()
        .filter(state__in=[Stage.SCAN, Stage.ANALYSE, Stage.RESPOND])
        .select_related("owner")
        .order_by("reference")
    )
    if len(organisations) < 3 or not plans:
        _say(stdout, "Demo tasks skipped: no open plans or partner organisations yet.")
        return
    done = all(
        Task.objects.filter(organisation=organisations[name], title=title).exists()
        for name, tasks in TASKS.items()
        for title, _due_in, _outcome in tasks
    )
    if done:  # an earlier run did this: leave the plans as they are now
        _say(stdout, "Demo partners and tasks already there.")
        return
    today = timezone.localdate()
    with as_request(DEMO_REQUEST_ID), transaction.atomic():
        plans_of = {name: [] for name in organisations}
        for index, plan in enumerate(plans):
            for name in PARTNER_SETS[index % len(PARTNER_SETS)]:
                organisation = organisations[name]
                if not PlanPartner.objects.filter(plan=plan, organisation=organisation).exists():
                    partner_services.plan_partner_add(actor=plan.owner, plan=plan, organisation=organisation)
                plans_of[name].append(plan)
        # Each task once, spread over the organisation's plans.
        for name, tasks in TASKS.items():
            organisation = organisations[name]
            if not plans_of[name]:  # fewer open demo plans than partner sets
                continue
            for number, (title, due_in, outcome) in enumerate(tasks):
                if Task.objects.filter(organisation=organisation, title=title).exists():
                    continue
                plan = plans_of[name][number % len(plans_of[name])]
                task = task_services.task_create(
                    actor=plan.owner,
                    plan=plan,
                    title=title,
                    description="Agreed at the partnership meeting.",
                    organisation=organisation,
                    due_date=today + datetime.timedelta(days=due_in),
                    response=plan.responses.order_by("pk").first(),
                )
                _advance(task, plan.owner, outcome)
    _say(stdout, f"Demo partners and tasks on {len(plans)} plan(s).")


def _advance(task, actor, outcome):
    if outcome == TaskState.IN_PROGRESS:
        task_services.task_start(actor=actor, task=task)
    elif outcome == TaskState.BLOCKED:
        task_services.task_block(actor=actor, task=task, reason="Waiting for the council's licensing team")
    elif outcome == TaskState.DONE:
        task_services.task_complete(
            actor=actor, task=task, note="Done every weekend this month; see the log."
        )
