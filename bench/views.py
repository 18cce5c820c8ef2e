"""Baselines: the least Django needs to show the same rows, and the admin changelist.

Each bare view reads its rows in one query and renders them with a minimal template,
through the same middleware as the real pages (the benchmark's URLconf includes both).
"""

from django import template
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from audit.models import Event
from plans.models import (
    UNFINISHED_TASK_STATES,
    Plan,
    PlanGroupObjectPermission,
    Task,
    TaskGroupObjectPermission,
)

ROWS = 50

_engine = template.engines["django"]

LIST_TEMPLATE = _engine.from_string(
    """<!DOCTYPE html><html lang="en-GB"><head><title>Plans</title></head><body>
<table><thead><tr><th>Reference</th><th>Title</th><th>Owner</th><th>Area</th><th>Stage</th>
<th>Next review</th></tr></thead><tbody>
{% for plan in plans %}<tr><td><a href="/plans/{{ plan.pk }}/">{{ plan.reference }}</a></td>
<td>{{ plan.title }}</td><td>{{ plan.owner.get_full_name }}</td><td>{{ plan.hotspot_name }}</td>
<td>{{ plan.get_state_display }}</td><td>{{ plan.next_review_date }}</td></tr>
{% endfor %}</tbody></table></body></html>"""
)

DETAIL_TEMPLATE = _engine.from_string(
    """<!DOCTYPE html><html lang="en-GB"><head><title>{{ plan.reference }}</title></head><body>
<h1>{{ plan.reference }} {{ plan.title }}</h1>
<dl><dt>Owner</dt><dd>{{ plan.owner.get_full_name }}</dd><dt>Area</dt><dd>{{ plan.area.name }}</dd>
<dt>Stage</dt><dd>{{ plan.get_state_display }}</dd><dt>Problem</dt><dd>{{ plan.problem_statement }}</dd>
<dt>Hypothesis</dt><dd>{{ plan.hypothesis }}</dd></dl>
<table>{% for task in tasks %}<tr><td>{{ task.title }}</td><td>{{ task.organisation.name }}</td>
<td>{{ task.get_state_display }}</td><td>{{ task.due_date }}</td></tr>{% endfor %}</table>
<ol>{% for event in events %}<li>{{ event.occurred_at }} {{ event.actor_username }} {{ event.action }}
{{ event.reason }}</li>{% endfor %}</ol></body></html>"""
)


TASKS_TEMPLATE = _engine.from_string(
    """<!DOCTYPE html><html lang="en-GB"><head><title>Our tasks</title></head><body>
{% for task in tasks %}<h2><a href="/tasks/{{ task.pk }}/">{{ task.title }}</a></h2>
<p>{{ task.get_state_display }}: {{ task.plan.reference }} {{ task.plan.title }}, due {{ task.due_date }}</p>
{% endfor %}</body></html>"""
)

EVENTS_TEMPLATE = _engine.from_string(
    """<!DOCTYPE html><html lang="en-GB"><head><title>Audit trail</title></head><body>
<table>{% for event in events %}<tr><td>{{ event.sequence }}</td><td>{{ event.occurred_at }}</td>
<td>{{ event.actor_username }}</td><td>{{ event.action }}</td><td>{{ event.target_label }}</td>
<td>{{ event.reason }}</td></tr>{% endfor %}</table></body></html>"""
)


def _plans_for(user, scope):
    # One query: every plan (`?scope=all`, as police see them), or the partner's plans
    # through the direct grant table. The benchmark says which; no role lookup here.
    qs = Plan.objects.select_related("owner")
    if scope == "all":
        return qs
    return qs.filter(
        pk__in=PlanGroupObjectPermission.objects.filter(
            group__user=user, permission__codename="view_plan"
        ).values("content_object_id")
    )


@login_required
def bare_plan_list(request):
    plans = list(_plans_for(request.user, request.GET.get("scope")).order_by("-updated_at", "-pk")[:ROWS])
    return HttpResponse(LIST_TEMPLATE.render({"plans": plans}, request))


@login_required
def bare_plan_search(request):
    """The searched list's baseline: the same search, filter and order in one query (the
    plan list's own search, plans.selectors.plan_list_for, reads the same columns)."""
    q = request.GET.get("q", "")
    plans = (
        _plans_for(request.user, request.GET.get("scope"))
        .select_related("area")
        .filter(
            Q(reference__icontains=q)
            | Q(title__icontains=q)
            | Q(hotspot_name__icontains=q)
            | Q(area__name__icontains=q)
        )
        .filter(state=request.GET.get("stage"))
        .order_by("next_review_date", "reference", "pk")
    )
    return HttpResponse(LIST_TEMPLATE.render({"plans": list(plans[:ROWS])}, request))


@login_required
def bare_plan_detail(request, pk):
    plan = get_object_or_404(Plan.objects.select_related("owner", "area"), pk=pk)
    tasks = list(Task.objects.filter(plan=plan).select_related("organisation").order_by("due_date", "pk"))
    events = list(Event.objects.filter(plan_id=plan.pk).order_by("-sequence")[:200])
    return HttpResponse(DETAIL_TEMPLATE.render({"plan": plan, "tasks": tasks, "events": events}, request))


class BenchPlanAdmin(admin.ModelAdmin):
    """A plain changelist showing the same columns, for when the project registers no Plan admin."""

    list_display = ["reference", "title", "owner", "hotspot_name", "state", "next_review_date"]
    list_select_related = ["owner"]
    list_per_page = ROWS


bench_admin_site = admin.AdminSite(name="bench_admin")
bench_admin_site.register(Plan, BenchPlanAdmin)


@login_required
def bare_our_tasks(request):
    # The organisation's tasks to do, as "Our tasks" lists them, 25 rows, in one query.
    tasks = list(
        Task.objects.filter(
            state__in=UNFINISHED_TASK_STATES,
            pk__in=TaskGroupObjectPermission.objects.filter(
                group__user=request.user, permission__codename="change_task"
            ).values("content_object_id"),
        )
        .select_related("plan")
        .order_by("due_date", "pk")[:25]
    )
    return HttpResponse(TASKS_TEMPLATE.render({"tasks": tasks}, request))


HISTORY_ROWS = 25


@login_required
def bare_plan_history(request, pk):
    # A plan's newest 25 events, one query, no count, no kinds, no permission check.
    events = list(Event.objects.filter(plan_id=pk).order_by("-sequence")[:HISTORY_ROWS])
    return HttpResponse(EVENTS_TEMPLATE.render({"events": events}, request))


@login_required
def bare_audit_events(request):
    # One person's newest events, one query, no count, no permission check.
    events = list(Event.objects.filter(actor_username=request.GET["person"]).order_by("-sequence")[:ROWS])
    return HttpResponse(EVENTS_TEMPLATE.render({"events": events}, request))


HOME_TEMPLATE = _engine.from_string(
    """<!DOCTYPE html><html lang="en-GB"><head><title>Home</title></head><body>
{% for name, rows in lists %}<h2>{{ name }}</h2><ul>{% for row in rows %}<li>{{ row }}</li>{% endfor %}</ul>
{% endfor %}</body></html>"""
)

HOME_ROWS = 10


@login_required
def bare_home(request):
    # The home page's lists for `?role=`, each from one query, no counts, no permission check.
    import datetime

    from django.db.models import Count, F, Q, Sum
    from django.utils import timezone

    from hotspots.compliance import slots_with_delivery
    from hotspots.models import PatrolLog
    from hotspots.rota import local_minutes, week_start
    from hotspots.rota_models import RotaSlot
    from plans.models import OPEN_STAGES, ClosureRequest, PlanPartner

    user, role = request.user, request.GET.get("role")
    today, now = timezone.localdate(), timezone.now()
    late = Q(state__in=UNFINISHED_TASK_STATES, plan__state__in=OPEN_STAGES, due_date__lt=today)
    lists = []
    if role == "officer":
        mine = Plan.objects.filter(owner=user, state__in=OPEN_STAGES)
        lists = [
            ("plans", mine.order_by("next_review_date", "pk")[:HOME_ROWS]),
            ("reviews", mine.filter(next_review_date__lte=today + datetime.timedelta(days=7))[:HOME_ROWS]),
            ("tasks", Task.objects.filter(late, plan__owner=user).select_related("plan")[:HOME_ROWS]),
            (
                "sent back",
                Event.objects.filter(
                    action="plan.transition",
                    plan_id__in=mine.values("pk"),
                    occurred_at__gte=now - datetime.timedelta(days=28),
                ).exclude(actor_id=user.pk)[:HOME_ROWS],
            ),
            (
                "closure returned",
                ClosureRequest.objects.filter(plan__owner=user, status="returned").select_related("plan")[
                    :HOME_ROWS
                ],
            ),
        ]
    elif role == "partner":
        ours = Task.objects.filter(
            state__in=UNFINISHED_TASK_STATES,
            plan__state__in=OPEN_STAGES,
            pk__in=TaskGroupObjectPermission.objects.filter(
                group__user=user, permission__codename="change_task"
            ).values("content_object_id"),
        ).select_related("plan")
        organisation = user.memberships.values("organisation_id")[:1]
        month = today.replace(day=1)
        last = (month - datetime.timedelta(days=1)).replace(day=1)
        lists = [
            ("overdue", ours.filter(due_date__lt=today).order_by("due_date", "pk")[:HOME_ROWS]),
            (
                "due",
                ours.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=14))[
                    :HOME_ROWS
                ],
            ),
            (
                "shared",
                PlanPartner.objects.filter(
                    organisation_id__in=organisation, added_at__gte=now - datetime.timedelta(days=14)
                ).select_related("plan", "organisation")[:HOME_ROWS],
            ),
            (
                "patrols",
                [
                    PatrolLog.objects.filter(organisation_id__in=organisation, date__gte=last).aggregate(
                        this=Sum("minutes", filter=Q(date__gte=month)),
                        last=Sum("minutes", filter=Q(date__lt=month)),
                    )
                ],
            ),
        ]
    elif role == "manager":
        lists = [
            ("closure", ClosureRequest.objects.filter(status="waiting").select_related("plan")[:HOME_ROWS]),
            ("overdue", Plan.objects.filter(state__in=OPEN_STAGES, next_review_date__lt=today)[:HOME_ROWS]),
            (
                "still",
                Plan.objects.filter(state__in=OPEN_STAGES, updated_at__lt=now - datetime.timedelta(days=28))[
                    :HOME_ROWS
                ],
            ),
            (
                "tasks",
                Task.objects.filter(late)
                .values("organisation__name")
                .annotate(count=Count("pk"))
                .order_by("-count"),
            ),
            (
                "retention",
                Plan.objects.filter(state__in=["closed", "withdrawn"], retention_review_date__lte=today)[
                    :HOME_ROWS
                ],
            ),
        ]
    if role in ("officer", "partner", "manager"):
        # Every home page also lists last week's rota slots short of delivery (the officer's in
        # the areas of their open plans, a partner lead's of its organisation, all for a
        # manager): the same rule in SQL as the compliance baseline's (slots_with_delivery), no
        # permission check.
        monday = week_start(today) - datetime.timedelta(weeks=1)
        slots = RotaSlot.objects.filter(
            date__gte=monday,
            date__lte=monday + datetime.timedelta(days=6),
            local_end__lte=local_minutes(today, timezone.localtime().time().replace(second=0, microsecond=0)),
        )
        if role == "officer":
            slots = slots.filter(area_id__in=mine.values("area_id"))
        elif role == "partner":
            slots = slots.filter(organisation_id__in=organisation)
        short = slots_with_delivery(slots, PatrolLog.objects.all()).filter(delivered__lt=F("minutes"))
        lists.append(
            ("short", short.select_related("area", "organisation").order_by("starts_at", "pk")[:HOME_ROWS])
        )
    lists = [(name, list(rows)) for name, rows in lists]
    return HttpResponse(HOME_TEMPLATE.render({"lists": lists}, request))


COMPLIANCE_TEMPLATE = _engine.from_string(
    """<!DOCTYPE html><html lang="en-GB"><head><title>Compliance</title></head><body>
<table><thead><tr><th>Area</th><th>Organisation</th><th>Week of</th><th>Planned minutes</th>
<th>Delivered minutes</th><th>Slots</th><th>Delivered</th><th>Missed</th></tr></thead><tbody>
{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></body></html>"""
)


@login_required
def bare_compliance(request):
    # The compliance page's per-week totals (area, organisation, week) from one query: every
    # slot of the period with the minutes its organisation's patrols in its area covered,
    # capped at its length (hotspots.compliance.slots_with_delivery, the page's rule in SQL,
    # on the (area, organisation, date) index), grouped in the database. No permission check,
    # no other tables, no target, no visits outside the slots.
    import datetime

    from django.db import connection

    from hotspots.compliance import slots_with_delivery
    from hotspots.models import PatrolLog, RotaSlot

    first = datetime.date.fromisoformat(request.GET["first"])
    last = datetime.date.fromisoformat(request.GET["last"])
    inner = slots_with_delivery(
        RotaSlot.objects.filter(date__gte=first, date__lte=last), PatrolLog.objects.all()
    ).values("area_id", "organisation_id", "date", "minutes", "delivered")
    sql, params = inner.query.sql_with_params()
    if connection.vendor == "postgresql":
        week = "CAST(date_trunc('week', s.date) AS date)"
    else:
        week = "date(s.date, '-' || ((CAST(strftime('%%w', s.date) AS INTEGER) + 6) %% 7) || ' days')"
    outer = (
        f"SELECT a.name, o.name, {week} AS week, SUM(s.minutes), SUM(s.delivered), COUNT(*), "  # noqa: S608 - constants
        "SUM(CASE WHEN s.delivered >= s.minutes THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN s.delivered = 0 THEN 1 ELSE 0 END) "
        f"FROM ({sql}) s JOIN hotspots_area a ON a.id = s.area_id "
        "JOIN partners_organisation o ON o.id = s.organisation_id "
        "GROUP BY a.name, o.name, week ORDER BY 1, 2, 3"
    )
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        rows = cursor.fetchall()
    return HttpResponse(COMPLIANCE_TEMPLATE.render({"rows": rows}, request))
