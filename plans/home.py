"""What each role's home page lists: the work waiting for this user today, each item with where
it is done. Reads go through the permission-filtering selectors (plans_visible_to,
tasks_visible_to, tasks_of_my_organisation, patrols_visible_to, events_visible_to); every list
is a fixed number of queries however many plans, tasks, patrols and events there are.

Each list is a `HomeList`: its count (of everything, not only the rows shown) and its first
rows. The page says each empty list in words.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum, Window, prefetch_related_objects
from django.utils import timezone

from audit.models import Event
from hotspots.refresh import quarter_just_begun
from hotspots.rota_selectors import last_week, slots_short_of_delivery
from hotspots.selectors import patrols_visible_to
from partners.permissions import may
from partners.roles import organisation_of

from .models import (
    OPEN_STAGES,
    ClosureRequest,
    Objective,
    Plan,
    PlanPartner,
    Source,
    Stage,
    Task,
    overdue_work,
    review_overdue,
)
from .plan_page import FORWARD
from .selectors import closure_requests_waiting_for, plans_visible_to
from .task_selectors import OPEN_WORK, tasks_of_my_organisation, tasks_visible_to
from .workflow import TRANSITIONS

SHOWN = 10  # rows of each list on the page; the count says how many there are in all
DUE_SOON = datetime.timedelta(days=7)  # "due this week"
TASKS_DUE_SOON = datetime.timedelta(days=14)
RECENT = datetime.timedelta(days=14)  # "newly shared with us"
SENT_BACK_WITHIN = datetime.timedelta(days=28)
NO_MOVEMENT = datetime.timedelta(days=28)

STAGE_ORDER = [Stage.SCAN, Stage.ANALYSE, Stage.RESPOND, Stage.ASSESS, Stage.CLOSED]


@dataclass
class HomeList:
    count: int
    rows: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.count - len(self.rows), 0)


def home_list(queryset, *, shown: int = SHOWN) -> HomeList:
    """The count and the first rows of a list in one query: the count rides on each row as a
    window over the whole list, which the database counts before it limits (an empty list has
    no row to carry it, and counts 0). A DISTINCT list would count its rows before they were
    made distinct, so none is taken."""
    if queryset.query.distinct:
        raise ValueError("home_list counts rows before DISTINCT: list without it")
    rows = list(queryset.annotate(home_list_total=Window(Count("pk")))[:shown])
    return HomeList(count=rows[0].home_list_total if rows else 0, rows=rows)


def long_home_list(queryset, *, shown: int = SHOWN) -> HomeList:
    """A list that may run to thousands in two queries, its count then its first rows: the
    window of `home_list` makes the database read and sort every row, with its columns, before
    it limits. A partner's plans newly shared (2,010 at the benchmark's full scale) took 42 ms
    that way on SQLite, 16 ms counted apart."""
    return HomeList(count=queryset.count(), rows=list(queryset[:shown]))


def _short_last_week(user, today: datetime.date, areas=None) -> dict:
    """Last week's rota slots (Monday to Sunday) missed or part-delivered, as this user sees them."""
    first, last = last_week(today)
    return {
        "first": first,
        "last": last,
        "slots": home_list(slots_short_of_delivery(user, first=first, last=last, areas=areas)),
    }


# The officer -----------------------------------------------------------------------------


def _my_open_plans(user):
    # Co-owned as a subquery of the link table, not a join: the join's OR scanned every plan's
    # owner entry (SQLite) or every open task's plan (PostgreSQL) in each list built on it.
    co_owned = Plan.co_owners.through.objects.filter(user=user).values("plan_id")
    return plans_visible_to(user).filter(Q(owner=user) | Q(pk__in=co_owned), state__in=OPEN_STAGES)


def next_step(plan: Plan, *, waiting: set[int]) -> dict:
    """The step a plan of this officer's needs next, and what is missing for it (the conditions
    read the plan's prefetched sources, objectives and tasks)."""
    name = FORWARD[plan.state]
    unmet = plan.unmet_conditions(name)
    if name == "close":
        if plan.pk in waiting:
            return {"label": "Waiting for a manager to close it", "unmet": []}
        return {"label": "Ask a manager to close this plan", "unmet": unmet}
    return {"label": TRANSITIONS[name].label, "unmet": unmet}


def officer_home(user) -> dict:
    """An officer's day: their open plans and each one's next step, reviews due this week or
    overdue, partners' tasks overdue on their plans, plans sent back to them, closure requests
    sent back.

    The officer's open plans are read once, with what the lists below decide by (review date,
    stage, area, whether a closure request waits), so no list reads them again; the plans any
    list shows are then read together, in one query, and every other list is one query with
    its count (`home_list`)."""
    today = timezone.localdate()
    waiting = ClosureRequest.objects.filter(plan=OuterRef("pk"), status=ClosureRequest.Status.WAITING)
    open_plans = list(
        _my_open_plans(user)
        .order_by("next_review_date", "pk")
        .values_list("pk", "next_review_date", "state", "area_id", Exists(waiting))
    )
    ids = [pk for pk, *_ in open_plans]
    due_by = today + DUE_SOON
    reviews = [pk for pk, review, *_ in open_plans if review <= due_by]
    sent_back = sent_back_to(user, {pk: state for pk, _, state, *_ in open_plans})
    shown = {
        plan.pk: plan
        for plan in Plan.objects.filter(
            pk__in={*ids[:SHOWN], *reviews[:SHOWN], *(row["plan"] for row in sent_back.rows)}
        ).select_related("area")
    }
    plans = HomeList(count=len(ids), rows=[shown[pk] for pk in ids[:SHOWN]])
    # The next step's conditions read each shown plan's sources, objectives and tasks: only the
    # columns they read, in no order (they ask whether any row is so).
    prefetch_related_objects(
        plans.rows,
        Prefetch("sources", queryset=Source.objects.only("pk", "plan_id").order_by()),
        Prefetch("objectives", queryset=Objective.objects.only("pk", "plan_id", "baseline").order_by()),
        Prefetch("tasks", queryset=Task.objects.only("pk", "plan_id", "response_id", "state").order_by()),
    )
    waiting_ids = {pk for pk, *_, is_waiting in open_plans if is_waiting}
    for plan in plans.rows:
        plan.next_step = next_step(plan, waiting=waiting_ids)
    for row in sent_back.rows:
        row["plan"] = shown[row["plan"]]
    tasks_overdue = home_list(
        tasks_visible_to(user)
        .filter(overdue_work(today), plan_id__in=ids)
        .select_related("plan", "organisation")
        .order_by("due_date", "pk")
    )
    # A closure request sent back is listed while its plan is in Assess with no request waiting.
    assessed = [pk for pk, _, state, _, is_waiting in open_plans if state == Stage.ASSESS and not is_waiting]
    returned = home_list(
        ClosureRequest.objects.filter(
            plan__in=assessed,
            status=ClosureRequest.Status.RETURNED,
            answered_at__gte=timezone.now() - SENT_BACK_WITHIN,
        )
        .select_related("plan", "answered_by")
        .order_by("-answered_at", "-pk")
    )
    return {
        "my_plans": plans,
        "reviews": HomeList(count=len(reviews), rows=[shown[pk] for pk in reviews[:SHOWN]]),
        "today": today,
        "tasks_overdue": tasks_overdue,
        "sent_back": sent_back,
        "closure_returned": returned,
        # The rota slots of the areas of their open plans that were missed last week.
        "short_last_week": _short_last_week(user, today, areas={area for _, _, _, area, _ in open_plans}),
    }


def sent_back_to(user, states: dict[int, str]) -> HomeList:
    """The officer's open plans (`states`: each one's stage, by id) sent back a stage by someone
    else in the last 28 days, and still there: the latest such move of each, with its reason
    (the audit trail is the record). Each row names its plan by id; the caller reads the plans."""
    since = timezone.now() - SENT_BACK_WITHIN
    # As the plan's history shows them to whoever sees the plan (the officer's open plans are
    # found through plans_visible_to): stage moves are never police-only events.
    events = (
        Event.objects.filter(
            action="plan.transition", police_only=False, occurred_at__gte=since, plan_id__in=list(states)
        )
        .exclude(actor_id=user.pk)
        .order_by("-sequence")
        .only("plan_id", "changes", "reason", "actor_username", "occurred_at")
    )
    latest = {}
    for event in events:
        state = event.changes.get("state") if isinstance(event.changes, dict) else None
        if event.plan_id in latest or not state or len(state) != 2:
            continue
        before, after = state
        if (
            before in STAGE_ORDER
            and after in STAGE_ORDER
            and STAGE_ORDER.index(after) < STAGE_ORDER.index(before)
        ):
            latest[event.plan_id] = event
        else:
            latest[event.plan_id] = None  # moved on since: no longer sent back
    rows = [
        {"plan": plan_id, "event": event}
        for plan_id, event in latest.items()
        if event is not None and states.get(plan_id) == event.changes["state"][1]
    ]
    return HomeList(count=len(rows), rows=rows[:SHOWN])


# The partner lead --------------------------------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def partner_home(user) -> dict:
    """A partner lead's day: their organisation's tasks overdue and due soon, plans newly shared
    with it, and its patrols this month against last month."""
    today = timezone.localdate()
    ours = tasks_of_my_organisation(user).filter(OPEN_WORK).select_related("plan").order_by("due_date", "pk")
    overdue = home_list(ours.filter(due_date__lt=today))
    due = home_list(ours.filter(due_date__gte=today, due_date__lte=today + TASKS_DUE_SOON))
    organisation = organisation_of(user)
    shared = HomeList(count=0)
    if organisation is not None:
        shared = long_home_list(
            PlanPartner.objects.filter(
                organisation=organisation,
                added_at__gte=timezone.now() - RECENT,
                plan__in=plans_visible_to(user).values("pk"),
            )
            .select_related("plan")
            .order_by("-added_at", "-pk")
        )
    this_month = _month_start(today)
    last_month = _month_start(this_month - datetime.timedelta(days=1))
    patrols = patrols_visible_to(user).filter(date__gte=last_month, date__lte=today)
    totals = patrols.aggregate(
        this_count=Count("pk", filter=Q(date__gte=this_month)),
        this_minutes=Sum("minutes", filter=Q(date__gte=this_month)),
        last_count=Count("pk", filter=Q(date__lt=this_month)),
        last_minutes=Sum("minutes", filter=Q(date__lt=this_month)),
    )
    return {
        "our_overdue": overdue,
        "our_due": due,
        "newly_shared": shared,
        "short_last_week": _short_last_week(user, today),
        "patrols": {
            "this_month": this_month,
            "last_month": last_month,
            "this_count": totals["this_count"],
            "this_hours": round((totals["this_minutes"] or 0) / 60, 1),
            "last_count": totals["last_count"],
            "last_hours": round((totals["last_minutes"] or 0) / 60, 1),
        },
        "today": today,
    }


# The manager ----------------------------------------------------------------------------


def manager_home(user) -> dict:
    """A manager's day: closure requests waiting, reviews overdue, plans with no change for 28
    days, plans due for their review for retention. The overdue tasks by organisation are the
    programme figures' own, which the page computes for its headline (reports.views_home)."""
    today = timezone.localdate()
    visible = plans_visible_to(user)
    return {
        "closure_requests": home_list(closure_requests_waiting_for(user)),
        "reviews_overdue": home_list(
            visible.filter(review_overdue(today)).select_related("owner").order_by("next_review_date", "pk")
        ),
        "no_movement": home_list(
            visible.filter(state__in=OPEN_STAGES, updated_at__lt=timezone.now() - NO_MOVEMENT)
            .select_related("owner")
            .order_by("updated_at", "pk")
        ),
        "retention_due": home_list(
            visible.filter(
                state__in=[Stage.CLOSED, Stage.WITHDRAWN], retention_review_date__lte=today
            ).order_by("retention_review_date", "pk")
        )
        if may(user, "plans.review_retention")
        else HomeList(count=0),
        "short_last_week": _short_last_week(user, today),
        "today": today,
        # The quarterly hotspot refresh: a link, said louder in a quarter's first four weeks.
        "hotspot_refresh": may(user, "hotspots.review_hotspot_refresh"),
        "new_quarter": quarter_just_begun(today),
    }
