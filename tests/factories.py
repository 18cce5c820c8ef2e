"""Small builders for test data. They write models directly: tests of a service call the service."""

import datetime
import itertools
import re

from django.utils import timezone
from guardian.shortcuts import assign_perm

from plans.models import ClosureRequest, Objective, Plan, PlanPartner, Response, Source, Task

_refs = itertools.count(1)


def make_plan(*, owner, partners=(), **fields) -> Plan:
    today = timezone.localdate()
    values = {
        "reference": f"PSP-T-{next(_refs):04d}",
        "title": "Late-night violence outside the clock tower",
        "hotspot_name": "Clock Tower",
        "next_review_date": today + datetime.timedelta(days=28),
        "problem_statement": "Assaults between 23:00 and 03:00 at the taxi rank.",
        "victim_details": "POLICE-ONLY-VICTIM Jane Doe, 23, Highcross Street",
        "offender_details": "POLICE-ONLY-OFFENDER John Roe, known to the night-time economy team",
        "police_notes": "POLICE-ONLY-INTEL dealer operating from the alley behind the rank",
    }
    values.update(fields)
    state = values.pop("state", None)
    plan = Plan.objects.create(owner=owner, **values)
    if state:
        # Tests may start a plan in any stage; production code moves it only by transitions.
        Plan.objects.filter(pk=plan.pk).update(state=state)
        plan.refresh_from_db()
    for organisation in partners:
        add_partner(plan, organisation)
    return plan


def make_returned_closure(plan, *, requested_by, answered_by, answer="Not yet", hours_ago=0):
    """A closure request a manager sent back `hours_ago` hours ago, with `answer` as the reason."""
    return ClosureRequest.objects.create(
        plan=plan,
        requested_by=requested_by,
        status=ClosureRequest.Status.RETURNED,
        answered_by=answered_by,
        answered_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        answer=answer,
    )


def add_partner(plan, organisation):
    PlanPartner.objects.get_or_create(plan=plan, organisation=organisation)
    assign_perm("plans.view_plan", organisation.group, plan)


def make_source(plan, kind=Source.Kind.CALLS, notes="42 calls in 3 months"):
    return Source.objects.create(plan=plan, kind=kind, notes=notes)


def make_objective(plan, baseline=40):
    return Objective.objects.create(
        plan=plan,
        impact=Objective.Impact.REDUCE,
        reduction_percent=20,
        description="Reduce violent crime at the taxi rank by 20%",
        measure="Violence and sexual offences within the area, police.uk",
        baseline=baseline,
        target=32,
    )


def make_response(plan, organisation=None, kind=Response.Kind.PREVENTION):
    return Response.objects.create(
        plan=plan,
        kind=kind,
        description="Street pastors at the rank on Fridays and Saturdays",
        lead_organisation=organisation,
    )


def make_task(plan, organisation, *, response=None, due_in_days=14, state=None, **fields) -> Task:
    # The database requires a reason on a blocked task and a note on a done one.
    if state == "blocked":
        fields.setdefault("blocked_reason", "Waiting for the council")
    if state == "done":
        fields.setdefault("completion_note", "Done as planned")
    task = Task.objects.create(
        plan=plan,
        response=response,
        organisation=organisation,
        title=fields.pop("title", "Staff the rank from 22:00 to 03:00"),
        due_date=timezone.localdate() + datetime.timedelta(days=due_in_days),
        **fields,
    )
    assign_perm("plans.change_task", organisation.group, task)
    if state:
        Task.objects.filter(pk=task.pk).update(state=state)
        task.refresh_from_db()
    return task


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_attachment(
    task,
    uploaded_by,
    *,
    name="patrol-log.pdf",
    data=PDF_BYTES,
    content_type="application/pdf",
    organisation=None,
):
    """An evidence file, written directly; the task's organisation's unless `organisation` says
    (as the upload service records it: the organisation holding the task when it was added)."""
    import hashlib

    from django.core.files.base import ContentFile

    from plans.models import Attachment

    attachment = Attachment(
        task=task,
        organisation_id=organisation.pk if organisation is not None else task.organisation_id,
        uploaded_by=uploaded_by,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def make_patrol(*, area, logged_by, **fields):
    """A patrol of the logger's organisation, written directly (no audit event of its own)."""
    from hotspots.models import PatrolLog

    values = {
        "organisation": logged_by.memberships.get().organisation,
        "date": datetime.date(2019, 1, 18),
        "start_time": datetime.time(23, 0),
        "minutes": 45,
        "kind": PatrolLog.Kind.PARTNER,
    }
    values.update(fields)
    return PatrolLog.objects.create(area=area, logged_by=logged_by, **values)


_FORM_TOKEN = re.compile(r'name="submission" value="([0-9a-f-]{36})"')


def form_token(response) -> str:
    """The one-time token (plans.submissions) of the create form a page drew."""
    return _FORM_TOKEN.search(response.content.decode()).group(1)


def make_police_team(name="CCTV Control Room", *, members=(), lead=None):
    """A police team (Organisation.Kind.POLICE_TEAM) with officers as its members; `lead` leads it."""
    from django.contrib.auth.models import Group

    from partners.models import Membership, Organisation

    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    group, _ = Group.objects.get_or_create(name=f"org:{slug}")
    team, _ = Organisation.objects.get_or_create(
        name=name, defaults={"slug": slug, "kind": Organisation.Kind.POLICE_TEAM, "group": group}
    )
    for user, role in [(m, Membership.Role.MEMBER) for m in members] + (
        [(lead, Membership.Role.LEAD)] if lead is not None else []
    ):
        user.groups.add(team.group)
        Membership.objects.get_or_create(user=user, organisation=team, defaults={"role": role})
        for cached in (
            "_role_names",
            "_partner_group_ids",
            "_organisation_ids",
            "_in_police_team",
            "_task_holder_names",
            "_organisation",
        ):
            user.__dict__.pop(cached, None)
    return team
