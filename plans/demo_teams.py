"""Demo tasks for the two demo police teams (partners.demo), through the services. Safe to run again.

Police teams are never put on a plan as partners: a task goes to them on any plan. Each team gets
one task on the first demo plan in Respond (else the first still being worked on), so `nhood`
and `cctv` each find one on "Our tasks", the neighbourhood team's overdue.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from audit.context import as_request
from partners.models import Organisation

from . import task_services
from .demo import DEMO_REQUEST_ID, demo_plans
from .models import Stage, Task

NEIGHBOURHOOD, CCTV = "City Centre Neighbourhood Team", "CCTV Control Room"

# team: (title, description, due in days: negative is overdue)
TASKS = {
    NEIGHBOURHOOD: (
        "Visit the licensed premises on the high street with the licensing officer",
        "Agree closing-time dispersal with each door team; record any premises of concern.",
        -4,
    ),
    CCTV: (
        "Monitor the taxi rank on Friday and Saturday nights from 23:00 to 03:00",
        "Direct patrols to any group gathering; keep footage of incidents for 31 days.",
        10,
    ),
}


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def load(*, password: str, stdout=None) -> None:
    """Give each demo police team its task on a demo plan, once."""
    teams = {
        o.name: o
        for o in Organisation.objects.filter(name__in=list(TASKS), kind=Organisation.Kind.POLICE_TEAM)
    }
    plans = demo_plans().filter(state__in=[Stage.SCAN, Stage.ANALYSE, Stage.RESPOND]).select_related("owner")
    plan = (
        plans.filter(state=Stage.RESPOND).order_by("reference").first() or plans.order_by("reference").first()
    )
    if len(teams) < len(TASKS) or plan is None:
        _say(stdout, "Demo team tasks skipped: no open plans or police teams yet.")
        return
    today = timezone.localdate()
    made = 0
    with as_request(DEMO_REQUEST_ID), transaction.atomic():
        for name, (title, description, due_in) in TASKS.items():
            if Task.objects.filter(organisation=teams[name], title=title).exists():
                continue
            task_services.task_create(
                actor=plan.owner,
                plan=plan,
                title=title,
                description=description,
                organisation=teams[name],
                due_date=today + datetime.timedelta(days=due_in),
                response=plan.responses.order_by("pk").first(),
            )
            made += 1
    _say(
        stdout, f"Demo police team tasks: {made} added." if made else "Demo police team tasks already there."
    )
