"""Who sees what of the programme (a manager the whole programme, an officer their plans, a
partner lead its organisation's), and the quarter shown first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from hotspots.models import Area, ImportedMonth, PatrolLog
from partners.roles import is_manager, is_officer, is_partner_lead, organisation_of
from plans.models import Plan, Task
from plans.selectors import plans_visible_to

from ..periods import Quarter, latest_whole_quarter, month_end, months_between


@dataclass
class Scope:
    kind: str
    label: str
    plans: QuerySet
    patrols: QuerySet
    tasks: QuerySet
    areas: QuerySet  # the hotspots whose crime is counted
    # group key -> label; patrols split police / partners, or one organisation
    groups: dict[str, str]


POLICE_AND_PARTNERS = {"police": "Police", "partners": "Partners"}


def whole_programme() -> Scope:
    """Every plan, patrol and task: a manager's view, and the management command's."""
    return Scope(
        kind="programme",
        label="The whole programme",
        plans=Plan.objects.all(),
        patrols=PatrolLog.objects.all(),
        tasks=Task.objects.all(),
        # Every area is a hotspot of the programme, with a plan yet or not (its patrols count too).
        areas=Area.objects.all(),
        groups=dict(POLICE_AND_PARTNERS),
    )


def scope_for(user) -> Scope | None:
    """What this user's programme figures cover, or None when they have no programme view."""
    if is_manager(user):
        return whole_programme()
    if is_officer(user):
        own = Plan.objects.filter(Q(owner=user) | Q(co_owners=user)).values("pk")
        plans = plans_visible_to(user).filter(pk__in=own)
        areas = plans.filter(area__isnull=False).values("area_id")
        return Scope(
            kind="officer",
            label=f"Plans owned by {user.get_full_name() or user.get_username()}",
            plans=plans,
            patrols=PatrolLog.objects.filter(Q(plan__in=plans.values("pk")) | Q(area__in=areas)),
            tasks=Task.objects.filter(plan__in=plans.values("pk")),
            areas=Area.objects.filter(pk__in=areas),
            groups=dict(POLICE_AND_PARTNERS),
        )
    if is_partner_lead(user):
        organisation = organisation_of(user)
        if organisation is None:
            return None
        plans = plans_visible_to(user)
        return Scope(
            kind="organisation",
            label=organisation.name,
            plans=plans,
            patrols=PatrolLog.objects.filter(organisation=organisation),
            tasks=Task.objects.filter(organisation=organisation, plan__in=plans.values("pk")),
            areas=Area.objects.filter(pk__in=plans.filter(area__isnull=False).values("area_id")),
            groups={"partners": organisation.name},
        )
    return None


def whole_quarter_before(today: datetime.date) -> Quarter:
    """The latest quarter over before today: the quarter holding today is not whole until today
    is over, even on its last day."""
    return latest_whole_quarter(today - datetime.timedelta(days=1))


def default_quarter(scope: Scope, today: datetime.date | None = None) -> Quarter:
    """The quarter the programme page opens on: the latest whole quarter every month of which
    has police.uk data imported, so its crime figures and comparisons have numbers; with no
    such quarter, the latest whole quarter holding the scope's latest patrol or imported month."""
    today = today or timezone.localdate()
    whole = whole_quarter_before(today)
    imported = set(ImportedMonth.objects.values_list("month", flat=True).distinct())
    if imported:
        first, last = min(imported), max(imported)
        quarter = min(latest_whole_quarter(month_end(last.year, last.month)), whole)
        while quarter.start >= first:
            if all(start in imported for start, _end in months_between(quarter.start, quarter.end)):
                return quarter
            quarter = quarter.previous()
    last_patrol = scope.patrols.filter(date__lte=today).aggregate(last=Max("date"))["last"]
    last_month = max(imported) if imported else None
    dates = [d for d in (last_patrol, last_month and month_end(last_month.year, last_month.month)) if d]
    if not dates:
        return whole
    return min(Quarter.of(min(max(dates), today)), whole)
